import { describe, expect, it } from "vitest";
import { globMatches, globToRegExp } from "@/lib/util/glob";

describe("queue-name globs", () => {
  it.each([
    ["*-poison", "orders-poison", true],
    ["*-poison", "orders-poison-archive", false],
    ["*-poison", "-poison", true],
    ["*-poison", "orders", false],
    ["orders", "orders", true],
    ["orders", "orders2", false],
    ["orders-?", "orders-1", true],
    ["orders-?", "orders-12", false],
    ["*", "anything", true],
    ["a*b*c", "axxbyyc", true],
    ["a*b*c", "axxbyy", false],
    ["*orders*", "eu-orders-v2", true],
  ])("%s matches %s: %s", (pattern, name, expected) => {
    expect(globMatches(pattern, name)).toBe(expected);
  });

  it("treats regex syntax as literal text", () => {
    expect(globMatches("a.b", "axb")).toBe(false);
    expect(globMatches("a+", "aa")).toBe(false);
    expect(globMatches("(x)|y", "y")).toBe(false);
    expect(globToRegExp("a.b").test("a.b")).toBe(true);
  });

  it("anchors the whole name", () => {
    expect(globMatches("poison", "orders-poison")).toBe(false);
    expect(globMatches("orders", "orders-poison")).toBe(false);
  });
});
