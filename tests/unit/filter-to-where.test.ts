import { describe, expect, it } from "vitest";
import { filterToWhere, formatPath } from "@/lib/messages/filter-to-where";
import { EMPTY_FILTER } from "@/lib/messages/list-filter";

const now = Date.parse("2026-01-02T00:00:00Z");

describe("filterToWhere", () => {
  it("maps each part of the list filter to the server's where", () => {
    expect(
      filterToWhere({ text: " boom ", json: '$.error == "Timeout"', dequeueCountAtLeast: 5, olderThan: 86_400 }, now),
    ).toEqual({
      ok: true,
      where: {
        contains: "boom",
        dequeueCountAtLeast: 5,
        insertedBefore: "2026-01-01T00:00:00.000Z",
        json: { path: "$.error", equals: "Timeout" },
      },
    });
    expect(filterToWhere(EMPTY_FILTER, now)).toEqual({ ok: true, where: {} });
  });

  it("refuses what where cannot say instead of dropping it", () => {
    expect(filterToWhere({ ...EMPTY_FILTER, json: "$.attempt > 3" }, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("equality"),
    });
    expect(filterToWhere({ ...EMPTY_FILTER, json: "$.error" }, now)).toMatchObject({ ok: false });
    expect(filterToWhere({ ...EMPTY_FILTER, json: "$.a =" }, now)).toMatchObject({ ok: false });
  });

  it("writes paths back as JSONPath", () => {
    expect(formatPath(["items", 0, "sku"])).toBe("$.items[0].sku");
    expect(formatPath(["odd key", -1])).toBe('$["odd key"][-1]');
    expect(formatPath([])).toBe("$");
  });
});
