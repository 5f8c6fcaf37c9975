import { describe, expect, it } from "vitest";
import { describeWhere } from "@/lib/messages/describe-where";
import { filterToWhere } from "@/lib/messages/filter-to-where";
import { whereSchema } from "@/lib/validation/where";

describe("describeWhere", () => {
  it("names every condition a confirmation acts on, and the filter's where is one the server accepts", () => {
    const result = filterToWhere(
      { text: "boom", json: '$.error == "Timeout"', dequeueCountAtLeast: 5, olderThan: 3600 },
      Date.parse("2026-01-02T00:00:00Z"),
    );
    if (!result.ok) throw new Error(result.reason);
    expect(whereSchema.safeParse(result.where).success).toBe(true);
    const words = describeWhere(result.where);
    expect(words).toHaveLength(4);
    expect(words[0]).toContain("“boom” (ignoring case; message ids and binary payloads are not searched)");
    expect(words[1]).toBe('$.error equals "Timeout"');
    expect(words[2]).toContain("at least 5");
    expect(words[3]).toContain("inserted before");
  });

  it("says matches and bare paths as they are", () => {
    expect(describeWhere({ json: { path: "$.a", matches: "^x" } })).toEqual(["$.a matches /^x/"]);
    expect(describeWhere({ json: { path: "$.a" } })).toEqual(["$.a exists"]);
    expect(describeWhere({ contains: "Boom" })[0]).toContain("(case-sensitive;");
    expect(describeWhere({ insertedAfter: "2026-01-01T00:00:00Z" })[0]).toMatch(/^inserted after /);
  });
});
