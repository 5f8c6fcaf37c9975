// The list filter as the server's `where` (lib/validation/where.ts), for "Apply to the whole
// queue…" and the job dialogs' "only messages matching". Each part means on the server what it
// means in the list; what `where` cannot say is returned as a reason instead of being dropped.
import { whereSchema, type Where } from "@/lib/validation/where";
import { parseCondition, type Segment } from "./json-condition";
import type { MessageFilter } from "./list-filter";

export type WhereResult = { ok: true; where: Where } | { ok: false; reason: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * A parsed path written back as the server's JSONPath: `$.items[-1].sku`, `$["odd key"]`. In the
 * server's quoted names only `"` and `\` are escaped; every other character stands for itself.
 */
export function formatPath(path: readonly Segment[]): string {
  const quote = (s: string) => `["${s.replace(/["\\]/g, "\\$&")}"]`;
  return `$${path.map((s) => (typeof s === "number" ? `[${s}]` : NAME.test(s) ? `.${s}` : quote(s))).join("")}`;
}

export function filterToWhere(filter: MessageFilter, now: number): WhereResult {
  const where: Where = {};
  // The list's search ignores case: so does the server's, told so.
  if (filter.text.trim()) Object.assign(where, { contains: filter.text.trim(), ignoreCase: true });
  if (filter.dequeueCountAtLeast !== null) where.dequeueCountAtLeast = filter.dequeueCountAtLeast;
  if (filter.olderThan !== null) where.insertedBefore = new Date(now - filter.olderThan * 1000).toISOString();
  if (filter.json.trim()) {
    const parsed = parseCondition(filter.json);
    if (!parsed.ok) return { ok: false, reason: parsed.error };
    const { path, op, value } = parsed.condition;
    if (op === undefined) where.json = { path: formatPath(path) };
    else if (op === "==" && value !== undefined) where.json = { path: formatPath(path), equals: value };
    else
      return {
        ok: false,
        reason:
          "Across the whole queue a JSONPath condition can only be an equality (path == value) or a bare path (the field exists).",
      };
  }
  if (!Object.keys(where).length) return { ok: true, where };
  // The server's own check, so a filter it would refuse says why here rather than as a 400.
  const checked = whereSchema.safeParse(where);
  return checked.success
    ? { ok: true, where }
    : { ok: false, reason: `The server cannot take this filter: ${checked.error.issues[0]!.message}` };
}
