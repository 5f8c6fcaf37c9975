// Server-side masking of message contents (per account, from the accounts file). A masked value
// is replaced before the message leaves the server, so it never reaches a masked user's browser.
import { RE2JS } from "re2js";
import { parseJsonPath, pathsOverlap, replaceAll, type Step } from "@/lib/validation/json-path";
import type { Where } from "@/lib/validation/where";
import { decodeMessage, detectFormat, textToBase64 } from "./decode";

export const MASKED = "••••";

export interface MaskConfig {
  /** JSONPaths whose values are replaced. */
  paths: string[];
  /** Regexes (RE2 syntax) whose matches are replaced anywhere in the decoded text. */
  regexes: string[];
  /** Masks operators and admins too (otherwise only viewers). */
  forAll: boolean;
}

export type Masker = (storedText: string) => string;

type Role = "viewer" | "operator" | "admin";

/** Whether this role sees the account's messages masked. */
export function isMasked(masks: MaskConfig | undefined, role: Role): boolean {
  if (!masks || (!masks.paths.length && !masks.regexes.length)) return false;
  return masks.forAll || role === "viewer";
}

/** Masks plain (already decoded) text: JSON paths when it is JSON, then every regex match. */
function maskPlain(text: string, paths: Step[][], regexes: RE2JS[]): string {
  let out = text;
  if (paths.length && detectFormat(text) === "json") {
    const doc: unknown = JSON.parse(text);
    const replaced = paths.reduce((n, steps) => n + replaceAll(doc, steps, MASKED), 0);
    if (replaced) out = JSON.stringify(doc);
  }
  for (const re of regexes) out = re.matcher(out).replaceAll(() => MASKED);
  return out;
}

/**
 * The masker for an account's configuration. A base64 message is masked inside and encoded again
 * (it still decodes, and still reads as base64); binary payloads are not text and pass unchanged.
 */
export function compileMasker(masks: MaskConfig): Masker {
  const paths = masks.paths.map(parseJsonPath);
  const regexes = masks.regexes.map((r) => RE2JS.compile(r));
  return (stored) => {
    const decoded = decodeMessage(stored);
    if (decoded.format === "binary") return stored;
    const masked = maskPlain(decoded.text, paths, regexes);
    if (masked === decoded.text) return stored;
    return decoded.encoding === "base64" ? textToBase64(masked) : masked;
  };
}

/** The masker this role gets on this account, or undefined when it sees messages as stored. */
export function maskerFor(masks: MaskConfig | undefined, role: Role): Masker | undefined {
  return masks && isMasked(masks, role) ? compileMasker(masks) : undefined;
}

/**
 * Why `where` is refused for a masked user, or null. Matching itself runs on the masked view for
 * such users (a masked value cannot be probed), but a condition on a masked path could never mean
 * what it says, so it is refused rather than silently matching "••••".
 */
export function maskedWhereProblem(where: Where | undefined, masks: MaskConfig | undefined, role: Role): string | null {
  if (!where?.json || !masks || !isMasked(masks, role)) return null;
  const steps = parseJsonPath(where.json.path);
  const hit = masks.paths.find((p) => pathsOverlap(parseJsonPath(p), steps));
  return hit
    ? `${where.json.path} overlaps the masked path ${hit}: masked values cannot be used in a condition.`
    : null;
}

/** A `where` as a masked user may see it in a job: the values it looks for (possibly masked ones) replaced. */
export function redactWhere(where: Where): Where {
  const json = where.json && {
    ...where.json,
    ...(where.json.equals !== undefined ? { equals: MASKED } : {}),
    ...(where.json.matches !== undefined ? { matches: MASKED } : {}),
  };
  return { ...where, ...(where.contains !== undefined ? { contains: MASKED } : {}), ...(json ? { json } : {}) };
}
