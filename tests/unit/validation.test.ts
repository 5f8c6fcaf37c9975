import { describe, expect, it } from "vitest";
import { queueNameSchema } from "@/lib/validation/common";
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
    expect(listQueuesQuerySchema.parse({ counts: "1", pageSize: "10", prefix: "ord" })).toEqual({ counts: true, stream: false, pageSize: 10, prefix: "ord" });
    expect(listQueuesQuerySchema.parse({}).counts).toBe(false);
  });

  it.each([{ pageSize: "0" }, { pageSize: "5001" }, { pageSize: "1.5" }, { counts: "yes" }, { prefix: "UPPER" }, { other: "x" }])(
    "rejects %j",
    (query) => expect(listQueuesQuerySchema.safeParse(query).success).toBe(false),
  );
});
