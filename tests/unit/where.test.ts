import { describe, expect, it } from "vitest";
import { compileMasker, isMasked, maskedWhereProblem, MASKED } from "@/lib/messages/mask";
import { compilePredicate, type ScannedMessage } from "@/lib/messages/predicate";
import { jsonPathProblem, parseJsonPath, pathsOverlap, replaceAll, selectAll } from "@/lib/validation/json-path";
import { exportRequestSchema, moveRequestSchema, purgeRequestSchema } from "@/lib/validation/jobs";
import { whereSchema } from "@/lib/validation/where";
import { openApiDocument } from "@/lib/openapi/document";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const msg = (text: string, over: Partial<ScannedMessage> = {}): ScannedMessage => ({
  text,
  insertedOn: "2026-01-10T00:00:00.000Z",
  dequeueCount: 0,
  ...over,
});

describe("JSONPath subset", () => {
  it.each([
    ["$", []],
    ["$.error", [{ kind: "member", name: "error" }]],
    [
      "$.items[0].sku",
      [
        { kind: "member", name: "items" },
        { kind: "index", index: 0 },
        { kind: "member", name: "sku" },
      ],
    ],
    [
      "$['order id'][\"a.b\"]",
      [
        { kind: "member", name: "order id" },
        { kind: "member", name: "a.b" },
      ],
    ],
    ["$.items[*].sku", [{ kind: "member", name: "items" }, { kind: "wildcard" }, { kind: "member", name: "sku" }]],
    ["$.*", [{ kind: "wildcard" }]],
    ["$['it\\'s']", [{ kind: "member", name: "it's" }]],
    ["$.$type", [{ kind: "member", name: "$type" }]],
    [
      "$.items[-1]",
      [
        { kind: "member", name: "items" },
        { kind: "index", index: -1 },
      ],
    ],
  ])("parses %s", (path, steps) => expect(parseJsonPath(path)).toEqual(steps));

  it.each([
    ["error", 'starts with "$"'],
    ["$..error", "Recursive descent"],
    ["$.items[?(@.price > 1)]", "Filters"],
    ["$.items[0:2]", "Slices"],
    ["$.items[0,1]", "Unions"],
    ["$.items[-1.5]", "neither an array index"],
    ["$.items[abc]", "neither an array index"],
    ["$.items[0", "not closed"],
    ["$['open", "not closed"],
    ["$.", "Expected a field name"],
    ["$.a b", 'Unexpected " "'],
    ["$.__proto__", "JavaScript internal"],
    ["$['constructor']", "JavaScript internal"],
    ["$.a;process.exit()", "Unexpected"],
    [`$${".a".repeat(200)}`, "longer than"],
    [`$${".a".repeat(40)}`, "more than 32 steps"],
  ])("refuses %s, naming the problem", (path, problem) => expect(jsonPathProblem(path)).toContain(problem));

  const doc = { error: "Timeout", items: [{ sku: "A1" }, { sku: "B2" }], n: { "a.b": 5 }, empty: null };

  it("selects members, indices and wildcards, and nothing where the path leads nowhere", () => {
    expect(selectAll(doc, parseJsonPath("$.error"))).toEqual(["Timeout"]);
    expect(selectAll(doc, parseJsonPath("$.items[1].sku"))).toEqual(["B2"]);
    expect(selectAll(doc, parseJsonPath("$.items[*].sku"))).toEqual(["A1", "B2"]);
    expect(selectAll(doc, parseJsonPath("$.n['a.b']"))).toEqual([5]);
    expect(selectAll(doc, parseJsonPath("$.empty"))).toEqual([null]);
    expect(selectAll(doc, parseJsonPath("$.items[5].sku"))).toEqual([]);
    expect(selectAll(doc, parseJsonPath("$.error.length"))).toEqual([]);
    expect(selectAll(doc, parseJsonPath("$.items.length"))).toEqual([]);
    expect(selectAll([1, 2], parseJsonPath("$[1]"))).toEqual([2]);
    // Counted from the end, as the Messages tab's filter counts them.
    expect(selectAll(doc, parseJsonPath("$.items[-1].sku"))).toEqual(["B2"]);
    expect(selectAll(doc, parseJsonPath("$.items[-2].sku"))).toEqual(["A1"]);
    expect(selectAll(doc, parseJsonPath("$.items[-3].sku"))).toEqual([]);
    // Inherited members are not fields.
    expect(selectAll({}, parseJsonPath("$.toString"))).toEqual([]);
  });

  it("replaces what a path selects, in place", () => {
    const d = structuredClone(doc);
    expect(replaceAll(d, parseJsonPath("$.items[*].sku"), "x")).toBe(2);
    expect(d.items).toEqual([{ sku: "x" }, { sku: "x" }]);
    expect(replaceAll(d, parseJsonPath("$.missing"), "x")).toBe(0);
    expect(d).not.toHaveProperty("missing");
    expect(replaceAll(d, parseJsonPath("$.items[-1]"), "last")).toBe(1);
    expect(replaceAll(d, parseJsonPath("$.items[-9]"), "none")).toBe(0);
    expect(d.items).toEqual([{ sku: "x" }, "last"]);
  });

  it("tells overlapping paths", () => {
    const o = (a: string, b: string) => pathsOverlap(parseJsonPath(a), parseJsonPath(b));
    expect(o("$.customer.email", "$.customer")).toBe(true);
    expect(o("$.customer", "$.customer.email")).toBe(true);
    expect(o("$.items[*].card", "$.items[3].card.number")).toBe(true);
    expect(o("$.customer.email", "$.customer.name")).toBe(false);
    expect(o("$.a[0]", "$.a[1]")).toBe(false);
    // [-1] is [0] in a one-item array: a masked [0] cannot be probed through [-1].
    expect(o("$.a[0].card", "$.a[-1]")).toBe(true);
    expect(o("$.a[-1]", "$.a[-2]")).toBe(false);
  });
});

describe("where schema", () => {
  it("accepts each condition and their combinations", () => {
    expect(whereSchema.safeParse({ dequeueCountAtLeast: 5 }).success).toBe(true);
    expect(
      whereSchema.safeParse({
        json: { path: "$.error", equals: "Timeout" },
        contains: "x",
        insertedBefore: "2026-01-01T00:00:00Z",
      }).success,
    ).toBe(true);
    expect(whereSchema.safeParse({ json: { path: "$.items[0].sku", matches: "^A\\d+$" } }).success).toBe(true);
    expect(whereSchema.safeParse({ json: { path: "$.error" } }).success).toBe(true);
    expect(whereSchema.safeParse({ contains: "x", ignoreCase: true }).success).toBe(true);
    expect(whereSchema.safeParse({ json: { path: "$.items[-1].sku", equals: "B2" } }).success).toBe(true);
  });

  it.each([
    [{}, "at least one condition"],
    [{ json: { path: "$..x", equals: 1 } }, "Recursive descent"],
    [{ json: { path: "$.error", equals: "a", matches: "a" } }, "not both"],
    [{ json: { path: "$.error", matches: "(a" } }, "missing closing )"],
    [{ json: { path: "$.error", matches: "(?=a)" } }, "Not a supported regular expression"],
    [{ json: { path: "$.error", matches: "a".repeat(600) } }, "at most 512"],
    [{ insertedBefore: "yesterday" }, "date and time"],
    [{ insertedAfter: "2026-02-01T00:00:00Z", insertedBefore: "2026-01-01T00:00:00Z" }, "earlier than"],
    [{ dequeueCountAtLeast: 1.5 }, "whole number"],
    [{ nope: 1 }, ""],
    // Not a condition of its own: alone it would be "every message".
    [{ ignoreCase: true }, "at least one condition"],
    [{ ignoreCase: true, dequeueCountAtLeast: 1 }, "give contains too"],
  ])("refuses %j", (where, message) => {
    const r = whereSchema.safeParse(where);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message).join(" ")).toContain(message);
  });

  it("is shared by purge (required), move and export (optional)", () => {
    expect(purgeRequestSchema.safeParse({}).success).toBe(false);
    expect(purgeRequestSchema.safeParse({ where: { contains: "x" }, dryRun: true }).success).toBe(true);
    expect(moveRequestSchema.safeParse({ to: "target-q" }).success).toBe(true);
    expect(
      moveRequestSchema.safeParse({ to: "target-q", where: { json: { path: "$.a", matches: "[" } } }).success,
    ).toBe(false);
    expect(
      moveRequestSchema.safeParse({
        to: "target-q",
        where: { contains: "x" },
        messages: [{ id: "a", popReceipt: "b" }],
      }).success,
    ).toBe(false);
    expect(exportRequestSchema.safeParse({ where: { contains: "x" }, decodeAs: "decoded" }).success).toBe(true);
    expect(exportRequestSchema.safeParse({ decodeAs: "hex" }).success).toBe(false);
  });
});

describe("predicate", () => {
  const json = JSON.stringify({
    error: "Timeout",
    attempt: 4,
    items: [{ sku: "A1" }],
    customer: { email: "ann@example.com" },
  });

  it("matches base64-wrapped JSON (Azure Functions) as the inspector decodes it", () => {
    const p = compilePredicate({ json: { path: "$.error", equals: "Timeout" } });
    expect(p(msg(b64(json)))).toBe(true);
    expect(p(msg(json))).toBe(true);
    expect(p(msg(b64(JSON.stringify({ error: "Other" }))))).toBe(false);
    expect(p(msg("not json"))).toBe(false);
  });

  it("compares JSON values without coercion", () => {
    expect(compilePredicate({ json: { path: "$.attempt", equals: 4 } })(msg(json))).toBe(true);
    expect(compilePredicate({ json: { path: "$.attempt", equals: "4" } })(msg(json))).toBe(false);
    expect(compilePredicate({ json: { path: "$.items", equals: [{ sku: "A1" }] } })(msg(json))).toBe(true);
    expect(compilePredicate({ json: { path: "$.items[*].sku", equals: "A1" } })(msg(json))).toBe(true);
    expect(compilePredicate({ json: { path: "$.missing" } })(msg(json))).toBe(false);
    expect(compilePredicate({ json: { path: "$.error" } })(msg(json))).toBe(true);
  });

  it("matches regexes on strings and numbers, in linear time on hostile input", () => {
    expect(compilePredicate({ json: { path: "$.error", matches: "(?i)^time" } })(msg(json))).toBe(true);
    expect(compilePredicate({ json: { path: "$.attempt", matches: "^[3-9]$" } })(msg(json))).toBe(true);
    const evil = JSON.stringify({ s: `${"a".repeat(50_000)}!` });
    const started = Date.now();
    expect(compilePredicate({ json: { path: "$.s", matches: "^(a+)+$" } })(msg(evil))).toBe(false);
    // A backtracking engine takes longer than the universe's age here; RE2 is linear.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("compares the dequeue count as a peek shows it, and insertion times strictly", () => {
    const p = compilePredicate({ dequeueCountAtLeast: 5 });
    expect(p(msg("x", { dequeueCount: 5 }))).toBe(true);
    expect(p(msg("x", { dequeueCount: 4 }))).toBe(false);
    const t = compilePredicate({ insertedBefore: "2026-01-10T00:00:01Z", insertedAfter: "2026-01-09T23:59:59Z" });
    expect(t(msg("x"))).toBe(true);
    expect(compilePredicate({ insertedBefore: "2026-01-10T00:00:00Z" })(msg("x"))).toBe(false);
  });

  it("searches the decoded text for contains, never a binary payload's hex", () => {
    expect(compilePredicate({ contains: "ann@" })(msg(b64(json)))).toBe(true);
    expect(compilePredicate({ contains: "00 9f" })(msg("AJ+Slv8BAg=="))).toBe(false);
    expect(compilePredicate({ contains: "00 9f", ignoreCase: true })(msg("AJ+Slv8BAg=="))).toBe(false);
  });

  it("compares case-sensitively unless ignoreCase", () => {
    expect(compilePredicate({ contains: "timeout" })(msg(b64(json)))).toBe(false);
    expect(compilePredicate({ contains: "timeout", ignoreCase: true })(msg(b64(json)))).toBe(true);
    expect(compilePredicate({ contains: "ANN@EXAMPLE", ignoreCase: true })(msg("mail ann@example.com"))).toBe(true);
    expect(compilePredicate({ contains: "ÜNÏ", ignoreCase: true })(msg("ünïcødé"))).toBe(true);
    expect(compilePredicate({ contains: "missing", ignoreCase: true })(msg(json))).toBe(false);
  });

  it("matches a masked user's view when given one", () => {
    const mask = compileMasker({ paths: ["$.customer.email"], regexes: [], forAll: false });
    expect(compilePredicate({ contains: "ann@" }, mask)(msg(b64(json)))).toBe(false);
    expect(compilePredicate({ contains: "Timeout" }, mask)(msg(b64(json)))).toBe(true);
  });
});

describe("masking", () => {
  const config = {
    paths: ["$.customer.email", "$.cards[*].number"],
    regexes: ["\\b\\d{3}-\\d{2}-\\d{4}\\b"],
    forAll: false,
  };
  const doc = {
    customer: { email: "ann@example.com", name: "Ann" },
    cards: [{ number: "4111111111111111" }, { number: "5500000000000004" }],
    note: "ssn 123-45-6789",
  };
  const mask = compileMasker(config);

  it("replaces masked paths and regex matches in JSON, plain and base64 messages", () => {
    const out = JSON.parse(mask(JSON.stringify(doc)));
    expect(out).toEqual({
      customer: { email: MASKED, name: "Ann" },
      cards: [{ number: MASKED }, { number: MASKED }],
      note: `ssn ${MASKED}`,
    });
    const wrapped = mask(b64(JSON.stringify(doc)));
    const decoded = Buffer.from(wrapped, "base64").toString("utf8");
    expect(decoded).not.toContain("ann@example.com");
    expect(decoded).not.toContain("4111111111111111");
    expect(JSON.parse(decoded).customer.name).toBe("Ann");
    expect(mask("call 123-45-6789 now")).toBe(`call ${MASKED} now`);
    expect(mask("nothing to hide")).toBe("nothing to hide");
    expect(mask("AJ+Slv8BAg==")).toBe("AJ+Slv8BAg==");
  });

  it("applies to viewers, and to everyone with maskForAll", () => {
    expect(isMasked(config, "viewer")).toBe(true);
    expect(isMasked(config, "operator")).toBe(false);
    expect(isMasked({ ...config, forAll: true }, "admin")).toBe(true);
    expect(isMasked(undefined, "viewer")).toBe(false);
  });

  it("refuses a masked user's where on a masked path", () => {
    const forAll = { ...config, forAll: true };
    expect(maskedWhereProblem({ json: { path: "$.customer", matches: "ann" } }, forAll, "operator")).toContain(
      "masked path $.customer.email",
    );
    expect(maskedWhereProblem({ json: { path: "$.customer.name", equals: "Ann" } }, forAll, "operator")).toBeNull();
    expect(maskedWhereProblem({ json: { path: "$.customer.email", equals: "x" } }, config, "operator")).toBeNull();
  });
});

describe("where in the OpenAPI document", () => {
  type Field = { type?: string; description?: string };
  type Body = { properties: { where: { properties: Record<string, Field> } } };

  it("documents ignoreCase beside contains", () => {
    const purge = (openApiDocument() as { paths: Record<string, Record<string, unknown>> }).paths[
      "/api/accounts/{account}/queues/{queue}/messages/purge"
    ]!.post as { requestBody: { content: Record<string, { schema: Body }> } };
    const where = purge.requestBody.content["application/json"]!.schema.properties.where.properties;
    expect(where.ignoreCase).toMatchObject({ type: "boolean", description: expect.stringContaining("contains") });
    expect(where.contains!.description).toContain("case-sensitive unless ignoreCase");
  });
});
