// The list filter as the server's `where` (design.md: {dequeueCountAtLeast?, insertedBefore?,
// insertedAfter?, contains?, json?: {path, equals? | matches?}}), for "Apply to the whole queue…".
// What `where` cannot say is returned as a reason instead of being dropped silently.
import { parseCondition, type Segment } from "./json-condition";
import type { MessageFilter } from "./list-filter";

export interface Where {
  dequeueCountAtLeast?: number;
  insertedBefore?: string;
  contains?: string;
  json?: { path: string; equals: string | number | boolean | null };
}

export type WhereResult = { ok: true; where: Where } | { ok: false; reason: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** A parsed path written back as JSONPath: `$.items[0].sku`, `$["odd key"]`. */
export function formatPath(path: readonly Segment[]): string {
  return `$${path.map((s) => (typeof s === "number" ? `[${s}]` : NAME.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`)).join("")}`;
}

export function filterToWhere(filter: MessageFilter, now: number): WhereResult {
  const where: Where = {};
  if (filter.text.trim()) where.contains = filter.text.trim();
  if (filter.dequeueCountAtLeast !== null) where.dequeueCountAtLeast = filter.dequeueCountAtLeast;
  if (filter.olderThan !== null) where.insertedBefore = new Date(now - filter.olderThan * 1000).toISOString();
  if (filter.json.trim()) {
    const parsed = parseCondition(filter.json);
    if (!parsed.ok) return { ok: false, reason: parsed.error };
    const { path, op, value } = parsed.condition;
    if (op !== "==" || value === undefined)
      return {
        ok: false,
        reason: "Across the whole queue a JSONPath condition can only be an equality (path == value).",
      };
    where.json = { path: formatPath(path), equals: value };
  }
  return { ok: true, where };
}
