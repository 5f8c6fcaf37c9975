import { describe, expect, it } from "vitest";
import { queueNameSchema } from "@/lib/validation/common";
import { bulkSendSchema, moveRequestSchema } from "@/lib/validation/jobs";
import { sendMessageSchema, updateMessageSchema } from "@/lib/validation/messages";
import { listQueuesQuerySchema } from "@/lib/validation/queues";

describe("queue names", () => {
  it.each(["abc", "orders-poison", "a1b2c3", "123", "a".repeat(63)])("accepts %s", (name) => {
    expect(queueNameSchema.safeParse(name).success).toBe(true);
  });

  it.each([
    ["ab", "at least 3"],
    ["a".repeat(64), "at most 63"],
    ["Orders", "lowercase"],
    ["my_queue", "lowercase"],
    ["-orders", "start with"],
    ["orders-", "end with"],
    ["my--queue", "two hyphens"],
    ["", "at least 3"],
    ["../x", "lowercase"],
  ])("rejects %j (%s)", (name, message) => {
    const result = queueNameSchema.safeParse(name);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message).join(" ")).toContain(message);
  });
});

describe("list queues query", () => {
  it("parses flags and numbers from strings", () => {
    expect(listQueuesQuerySchema.parse({ counts: "1", pageSize: "10", prefix: "ord" })).toEqual({
      counts: true,
      stream: false,
      unsampled: false,
      pageSize: 10,
      prefix: "ord",
    });
    expect(listQueuesQuerySchema.parse({}).counts).toBe(false);
  });

  it.each([
    { pageSize: "0" },
    { pageSize: "5001" },
    { pageSize: "1.5" },
    { counts: "yes" },
    { prefix: "UPPER" },
    { other: "x" },
  ])("rejects %j", (query) => expect(listQueuesQuerySchema.safeParse(query).success).toBe(false));
});

describe("characters a queue message cannot hold", () => {
  const refused = [
    ...Array.from({ length: 0x20 }, (_, c) => c).filter((c) => ![0x09, 0x0a, 0x0d].includes(c)),
    0xfffe,
    0xffff,
  ];
  const firstIssue = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) =>
    r.error?.issues[0];

  it.each(refused.map((c) => [`U+${c.toString(16).toUpperCase().padStart(4, "0")}`, String.fromCharCode(c)]))(
    "refuses %s on send, update, import and move, naming the index",
    (code, ch) => {
      const text = `ok ${ch} then ${ch}`;
      for (const [schema, body, path] of [
        [sendMessageSchema, { text }, ["text"]],
        [updateMessageSchema, { popReceipt: "AgAAAAMAAAAAAAAA", text, visibilityTimeout: 0 }, ["text"]],
        [bulkSendSchema, { messages: ["fine", text] }, ["messages", 1]],
        [
          moveRequestSchema,
          { to: "target", transform: { kind: "replace", find: "x", replace: text } },
          ["transform", "replace"],
        ],
      ] as const) {
        const issue = firstIssue(schema.safeParse(body));
        expect(issue?.path).toEqual(path);
        expect(issue?.message).toContain(`index 3 (${code})`);
      }
    },
  );

  it("refuses U+FFFF in a JSON value the move writes (JSON.stringify escapes only the C0 controls)", () => {
    expect(
      firstIssue(
        moveRequestSchema.safeParse({ to: "target", transform: { kind: "json-set", path: "a", value: "x\uffff" } }),
      )?.message,
    ).toContain("U+FFFF");
    expect(
      moveRequestSchema.safeParse({ to: "target", transform: { kind: "json-set", path: "a", value: "x\u0001" } })
        .success,
    ).toBe(true);
  });

  it("accepts tab, line feed, carriage return and the rest of Unicode, and any text sent as Base64", () => {
    expect(sendMessageSchema.safeParse({ text: "a\tb\nc\r\nd \u007f \u00a0 \ufffd \u{1F600}" }).success).toBe(true);
    expect(sendMessageSchema.safeParse({ text: "\u0000\uffff", encoding: "base64" }).success).toBe(true);
    expect(bulkSendSchema.safeParse({ messages: ["\u0001"], encoding: "base64" }).success).toBe(true);
    expect(
      moveRequestSchema.safeParse({ to: "target", transform: { kind: "replace", find: "\u0000", replace: "" } })
        .success,
    ).toBe(true);
  });
});
