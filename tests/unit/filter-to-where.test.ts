import { describe, expect, it } from "vitest";
import { decodeMessage } from "@/lib/messages/decode";
import { filterToWhere, formatPath } from "@/lib/messages/filter-to-where";
import { parsePath } from "@/lib/messages/json-condition";
import {
  compileFilter,
  EMPTY_FILTER,
  lazyJson,
  searchableText,
  type FilterableMessage,
  type MessageFilter,
} from "@/lib/messages/list-filter";
import { compilePredicate } from "@/lib/messages/predicate";
import { parseJsonPath, selectAll } from "@/lib/validation/json-path";

const now = Date.parse("2026-01-02T00:00:00Z");
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

describe("filterToWhere", () => {
  it("maps each part of the list filter to the server's where", () => {
    expect(
      filterToWhere({ text: " boom ", json: '$.error == "Timeout"', dequeueCountAtLeast: 5, olderThan: 86_400 }, now),
    ).toEqual({
      ok: true,
      where: {
        contains: "boom",
        ignoreCase: true,
        dequeueCountAtLeast: 5,
        insertedBefore: "2026-01-01T00:00:00.000Z",
        json: { path: "$.error", equals: "Timeout" },
      },
    });
    expect(filterToWhere(EMPTY_FILTER, now)).toEqual({ ok: true, where: {} });
  });

  it("maps a bare path to the server's path-only condition (the field exists)", () => {
    expect(filterToWhere({ ...EMPTY_FILTER, json: "$.error" }, now)).toEqual({
      ok: true,
      where: { json: { path: "$.error" } },
    });
    expect(filterToWhere({ ...EMPTY_FILTER, json: "items[-1]" }, now)).toEqual({
      ok: true,
      where: { json: { path: "$.items[-1]" } },
    });
  });

  it("refuses what where cannot say instead of dropping it", () => {
    expect(filterToWhere({ ...EMPTY_FILTER, json: "$.attempt > 3" }, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("equality"),
    });
    expect(filterToWhere({ ...EMPTY_FILTER, json: '$.error != "x"' }, now)).toMatchObject({ ok: false });
    expect(filterToWhere({ ...EMPTY_FILTER, json: "$.a =" }, now)).toMatchObject({ ok: false });
  });

  it("says why the server would refuse a filter, rather than sending it for a 400", () => {
    expect(filterToWhere({ ...EMPTY_FILTER, json: "$.constructor" }, now)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("JavaScript internal"),
    });
    expect(filterToWhere({ ...EMPTY_FILTER, text: "x".repeat(5000) }, now)).toMatchObject({ ok: false });
  });

  it("writes paths back as JSONPath the server reads as the list does", () => {
    expect(formatPath(["items", 0, "sku"])).toBe("$.items[0].sku");
    expect(formatPath(["odd key", -1])).toBe('$["odd key"][-1]');
    expect(formatPath([])).toBe("$");
    const doc = { "odd key": [1, 2, 3], 'a"b\\c\nd': true };
    for (const input of ['$["odd key"][-1]', "$['odd key'][0]", '$["a\\"b\\\\c\\nd"]']) {
      const parsed = parsePath(input);
      if (!parsed.ok) throw new Error(parsed.error);
      const path = formatPath(parsed.path);
      expect(selectAll(doc, parseJsonPath(path)), `${input} → ${path}`).toHaveLength(1);
    }
    expect(selectAll(doc, parseJsonPath(formatPath(["odd key", -1])))).toEqual([3]);
  });
});

describe("the list filter and the server's where", () => {
  const messages = [
    { id: "m1", text: b64(JSON.stringify({ error: "Timeout", items: [{ sku: "A1" }, { sku: "B2" }] })) },
    { id: "m2", text: JSON.stringify({ error: "TIMEOUT upstream", items: [] }) },
    { id: "m3", text: "plain timeout in words" },
    { id: "m4", text: "AJ+Slv8BAg==" },
    { id: "m5", text: "ünïcødé Ärger" },
    { id: "m6", text: JSON.stringify({ error: null }) },
  ];
  /** As the Messages tab builds a row's filterable (components/messages/use-message-list.ts). */
  const filterable = (m: { id: string; text: string }): FilterableMessage => {
    const decoded = decodeMessage(m.text);
    return {
      id: m.id,
      dequeueCount: 0,
      insertedAt: Date.parse("2026-01-01T00:00:00Z"),
      haystack: `${m.id}\n${searchableText(decoded)}`.toLowerCase(),
      json: lazyJson(decoded.format === "json" ? decoded.text : ""),
    };
  };

  it.each<Partial<MessageFilter>>([
    { text: "timeout" },
    { text: "TimeOut" },
    { text: "ärger" },
    { text: "9f" },
    { json: '$.items[-1].sku == "B2"' },
    { json: "$.items[0]" },
    { json: "$.error" },
    { json: "$.error == null" },
    { text: "time", json: "$.error" },
  ])("pick the same messages for %j", (part) => {
    const filter = { ...EMPTY_FILTER, ...part };
    const list = compileFilter(filter, now);
    const where = filterToWhere(filter, now);
    if (!list.ok || !where.ok) throw new Error("not compiled");
    const server = compilePredicate(where.where);
    const byList = messages.filter((m) => list.test(filterable(m))).map((m) => m.id);
    const byServer = messages
      .filter((m) => server({ text: m.text, insertedOn: "2026-01-01T00:00:00Z", dequeueCount: 0 }))
      .map((m) => m.id);
    expect(byServer).toEqual(byList);
  });

  it("differ only in the list also searching message ids (said where the where is shown)", () => {
    const filter = { ...EMPTY_FILTER, text: "m4" };
    const list = compileFilter(filter, now);
    const where = filterToWhere(filter, now);
    if (!list.ok || !where.ok) throw new Error("not compiled");
    expect(messages.filter((m) => list.test(filterable(m))).map((m) => m.id)).toEqual(["m4"]);
    expect(messages.some((m) => compilePredicate(where.where)({ ...m, insertedOn: "", dequeueCount: 0 }))).toBe(false);
  });
});
