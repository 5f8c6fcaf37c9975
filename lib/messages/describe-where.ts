// A `where` in words, so a confirmation says exactly which messages a whole-queue job acts on.
import type { Where } from "@/lib/validation/where";
import { formatDateTime } from "@/lib/format";

export function describeWhere(where: Where): string[] {
  const parts: string[] = [];
  if (where.contains !== undefined)
    parts.push(
      `the decoded text contains “${where.contains}” (${where.ignoreCase ? "ignoring case" : "case-sensitive"}; message ids and binary payloads are not searched)`,
    );
  if (where.json) {
    const { path, equals, matches } = where.json;
    parts.push(
      equals !== undefined
        ? `${path} equals ${JSON.stringify(equals)}`
        : matches !== undefined
          ? `${path} matches /${matches}/`
          : `${path} exists`,
    );
  }
  if (where.dequeueCountAtLeast !== undefined)
    parts.push(
      `dequeue count is at least ${where.dequeueCountAtLeast} (as a peek shows it, before the scan's own receive)`,
    );
  if (where.insertedBefore) parts.push(`inserted before ${formatDateTime(where.insertedBefore)}`);
  if (where.insertedAfter) parts.push(`inserted after ${formatDateTime(where.insertedAfter)}`);
  return parts;
}
