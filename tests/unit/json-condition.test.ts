import { describe, expect, it } from "vitest";
import { matchesCondition, parseCondition, readPath } from "@/lib/messages/json-condition";
import { compileFilter, EMPTY_FILTER, lazyJson, type FilterableMessage } from "@/lib/messages/list-filter";

const doc = {
  error: "Timeout",
  attempt: 4,
  ok: false,
  none: null,
  items: [{ sku: "A-1" }, { sku: "B-2" }],
  "odd key": 1,
  nested: { deep: { v: "x" } },
};
const match = (expr: string, value: unknown = doc) => {
  const parsed = parseCondition(expr);
  if (!parsed.ok) throw new Error(parsed.error);
  return matchesCondition(value, parsed.condition);
};
const error = (expr: string) => {
  const parsed = parseCondition(expr);
  return parsed.ok ? null : parsed.error;
};

describe("parseCondition", () => {
  it("parses paths of fields, indexes and quoted names", () => {
    expect(parseCondition('$.items[0].sku == "A-1"')).toEqual({
      ok: true,
      condition: { path: ["items", 0, "sku"], op: "==", value: "A-1" },
    });
    expect(parseCondition("$['odd key'] >= 1")).toEqual({
      ok: true,
      condition: { path: ["odd key"], op: ">=", value: 1 },
    });
    expect(parseCondition('$["odd key"]')).toEqual({ ok: true, condition: { path: ["odd key"] } });
    expect(parseCondition("attempt>3")).toEqual({ ok: true, condition: { path: ["attempt"], op: ">", value: 3 } });
    expect(parseCondition("$.items[-1].sku == 'B-2'")).toEqual({
      ok: true,
      condition: { path: ["items", -1, "sku"], op: "==", value: "B-2" },
    });
  });

  it("reads literals as JSON does, never as code", () => {
    for (const [text, value] of [
      ["true", true],
      ["false", false],
      ["null", null],
      ["-2.5e1", -25],
      ['"a \\"q\\""', 'a "q"'],
    ] as const) {
      const parsed = parseCondition(`$.x == ${text}`);
      expect(parsed.ok && parsed.condition.value).toBe(value);
    }
    expect(error("$.x == Timeout")).toMatch(/quote text/);
    expect(error("$.x == alert(1)")).toMatch(/Not a value/);
    expect(error("$.x == ")).toMatch(/missing/);
  });

  it("says what is wrong with a malformed condition", () => {
    expect(error("")).toBe("Empty condition.");
    expect(error("1 == 1")).toMatch(/starts with \$/);
    expect(error("$. == 1")).toMatch(/field name/);
    expect(error("$.a[x] == 1")).toMatch(/Brackets/);
    expect(error("$.a = 1")).toMatch(/Expected ==/);
    expect(error("$.a ~ 1")).toMatch(/Expected ==/);
  });
});

describe("matchesCondition", () => {
  it("compares equality strictly and by type", () => {
    expect(match('$.error == "Timeout"')).toBe(true);
    expect(match('$.error == "timeout"')).toBe(false);
    expect(match('$.attempt == "4"')).toBe(false);
    expect(match("$.ok == false")).toBe(true);
    expect(match("$.none == null")).toBe(true);
    expect(match("$.missing == null")).toBe(false);
    expect(match('$.error != "Timeout"')).toBe(false);
    expect(match('$.missing != "Timeout"')).toBe(true);
  });

  it("orders numbers with numbers and strings with strings only", () => {
    expect(match("$.attempt > 3")).toBe(true);
    expect(match("$.attempt > 4")).toBe(false);
    expect(match("$.attempt >= 4")).toBe(true);
    expect(match("$.attempt < 5")).toBe(true);
    expect(match("$.attempt <= 3")).toBe(false);
    expect(match('$.attempt > "3"')).toBe(false);
    expect(match('$.error > "S"')).toBe(true);
    expect(match("$.missing < 100")).toBe(false);
  });

  it("tests existence with a bare path, and reads nothing through the wrong kind of node", () => {
    expect(match("$.nested.deep.v")).toBe(true);
    expect(match("$.nested.nope")).toBe(false);
    expect(match("$.none")).toBe(true);
    expect(readPath(doc, ["items", "0"])).toBeUndefined();
    expect(readPath(doc, ["error", 0])).toBeUndefined();
    expect(readPath({}, ["constructor"])).toBeUndefined();
    expect(match('$.error == "Timeout"', "not json")).toBe(false);
    expect(match("$[1] == 2", [1, 2])).toBe(true);
  });
});

describe("compileFilter", () => {
  const now = Date.parse("2026-01-02T00:00:00Z");
  const message = (id: string, text: string, dequeueCount: number, insertedAgoS: number): FilterableMessage => ({
    id,
    dequeueCount,
    insertedAt: now - insertedAgoS * 1000,
    haystack: `${id}\n${text}`.toLowerCase(),
    json: lazyJson(text),
  });
  const messages = [
    message("a", '{"error":"Timeout","attempt":1}', 1, 10),
    message("b", '{"error":"Other","attempt":7}', 6, 7200),
    message("c", "plain TIMEOUT", 9, 90_000),
  ];
  const ids = (f: Partial<typeof EMPTY_FILTER>) => {
    const compiled = compileFilter({ ...EMPTY_FILTER, ...f }, now);
    if (!compiled.ok) throw new Error(compiled.error);
    return messages.filter(compiled.test).map((m) => m.id);
  };

  it("combines substring, JSONPath, dequeue count and age", () => {
    expect(ids({})).toEqual(["a", "b", "c"]);
    expect(ids({ text: "timeout" })).toEqual(["a", "c"]);
    expect(ids({ json: '$.error == "Timeout"' })).toEqual(["a"]);
    expect(ids({ json: "$.attempt > 3" })).toEqual(["b"]);
    expect(ids({ dequeueCountAtLeast: 5 })).toEqual(["b", "c"]);
    expect(ids({ olderThan: 3600 })).toEqual(["b", "c"]);
    expect(ids({ olderThan: 86_400, dequeueCountAtLeast: 5, text: "time" })).toEqual(["c"]);
  });

  it("reports a bad condition instead of matching nothing", () => {
    expect(compileFilter({ ...EMPTY_FILTER, json: "$.a =" }, now)).toMatchObject({ ok: false });
  });
});
