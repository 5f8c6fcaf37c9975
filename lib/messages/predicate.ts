// A `where` turned into a test of one message, evaluated on the server during predicate scans.
import { RE2JS } from "re2js";
import { parseJsonPath, selectAll } from "@/lib/validation/json-path";
import type { Where } from "@/lib/validation/where";
import { decodeMessage } from "./decode";
import { searchableText } from "./list-filter";

export interface ScannedMessage {
  /** The text as stored. */
  text: string;
  insertedOn: string;
  /** As a peek shows it: before the scan's own receive (a received message's count less one). */
  dequeueCount: number;
}

export type Predicate = (m: ScannedMessage) => boolean;

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a))
    return a.length === (b as unknown[]).length && a.every((v, i) => jsonEqual(v, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every(
      (k) => Object.hasOwn(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
    )
  );
}

/**
 * Compiles `where` once per scan. The text is decoded as the inspector decodes it (base64 JSON from
 * Azure Functions matches its fields). `view` rewrites the stored text first: a masked user's
 * scan matches what that user may see, so a predicate cannot probe a masked value.
 */
export function compilePredicate(where: Where, view: (text: string) => string = (t) => t): Predicate {
  const before = where.insertedBefore ? Date.parse(where.insertedBefore) : undefined;
  const after = where.insertedAfter ? Date.parse(where.insertedAfter) : undefined;
  const steps = where.json ? parseJsonPath(where.json.path) : undefined;
  const regex = where.json?.matches === undefined ? undefined : RE2JS.compile(where.json.matches);
  const json = where.json;
  // ignoreCase folds both sides as the Messages tab's filter does (toLowerCase), so they agree.
  const needle = where.ignoreCase ? where.contains?.toLowerCase() : where.contains;
  const needsText = needle !== undefined || json !== undefined;
  return (m) => {
    if (where.dequeueCountAtLeast !== undefined && m.dequeueCount < where.dequeueCountAtLeast) return false;
    const inserted = Date.parse(m.insertedOn);
    if (before !== undefined && !(inserted < before)) return false;
    if (after !== undefined && !(inserted > after)) return false;
    if (!needsText) return true;
    const decoded = decodeMessage(view(m.text));
    if (needle !== undefined) {
      const text = searchableText(decoded);
      if (!(where.ignoreCase ? text.toLowerCase() : text).includes(needle)) return false;
    }
    if (json && steps) {
      if (decoded.format !== "json") return false;
      let values: unknown[];
      try {
        values = selectAll(JSON.parse(decoded.text), steps);
      } catch {
        return false;
      }
      if (!values.length) return false;
      if (json.equals !== undefined && !values.some((v) => jsonEqual(v, json.equals))) return false;
      if (
        regex &&
        !values.some((v) => (typeof v === "string" || typeof v === "number") && regex.matcher(String(v)).find())
      )
        return false;
    }
    return true;
  };
}
