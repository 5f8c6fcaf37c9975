import { describe, expect, it } from "vitest";
import { prettyPrint } from "@/lib/messages/decode";
import { MAX_DEPTH, parseJsonSource, prettyJson, unquote } from "@/lib/messages/json-source";

describe("prettyJson keeps what the producer wrote", () => {
  it("keeps 64-bit integers digit for digit", () => {
    expect(prettyJson('{"id":12345678901234567890,"n":-9223372036854775808}')).toBe(
      '{\n  "id": 12345678901234567890,\n  "n": -9223372036854775808\n}',
    );
  });

  it("keeps -0, 1e400 and every number's spelling", () => {
    expect(prettyJson("[-0,1e400,1E+2,0.10,-1.5e-7]")).toBe("[\n  -0,\n  1e400,\n  1E+2,\n  0.10,\n  -1.5e-7\n]");
  });

  it("keeps string escapes as written, and unquote reads them", () => {
    const text = String.raw`{"s":"Z\u00fcrich \"q\" \/ \n\t","k\u0041":"plain"}`;
    expect(prettyJson(text)).toBe(String.raw`{
  "s": "Z\u00fcrich \"q\" \/ \n\t",
  "k\u0041": "plain"
}`);
    expect(unquote(String.raw`"Z\u00fcrich \"q\""`)).toBe('Zürich "q"');
    expect(unquote('"plain"')).toBe("plain");
  });

  it("keeps integer-like keys and duplicate keys in written order", () => {
    expect(prettyJson('{"10":"a","2":"b","x":1,"2":"again"}')).toBe(
      '{\n  "10": "a",\n  "2": "b",\n  "x": 1,\n  "2": "again"\n}',
    );
  });

  it("writes nested empty containers on one line", () => {
    expect(prettyJson('{"a":{},"b":[],"c":[{},[[]],{"d":{}}]}')).toBe(
      '{\n  "a": {},\n  "b": [],\n  "c": [\n    {},\n    [\n      []\n    ],\n    {\n      "d": {}\n    }\n  ]\n}',
    );
  });

  it("lays out like JSON.stringify(v, null, 2) wherever JSON.parse loses nothing", () => {
    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const gen = (depth: number): unknown => {
      const pick = rand(depth > 3 ? 4 : 6);
      if (pick === 0) return rand(2000) - 1000 + (rand(2) ? 0.5 : 0);
      if (pick === 1) return ["", "a b", 'q"\\', "é\n", "\u2028"][rand(5)];
      if (pick === 2) return [true, false, null][rand(3)];
      if (pick === 3) return rand(3) ? `s${rand(100)}` : 0;
      if (pick === 4) return Array.from({ length: rand(4) }, () => gen(depth + 1));
      return Object.fromEntries(Array.from({ length: rand(4) }, (_, i) => [`k${i}`, gen(depth + 1)]));
    };
    for (let i = 0; i < 300; i++) {
      const value = gen(0);
      const expected = JSON.stringify(value, null, 2);
      expect(prettyJson(JSON.stringify(value))).toBe(expected);
      // Raw line breaks occur only between tokens: JSON.stringify escapes them inside strings.
      const spaced = JSON.stringify(value, null, "\t").replace(/\n/g, "\r\n ");
      expect(prettyJson(` ${spaced}\n`)).toBe(expected);
    }
  });

  it("accepts exactly what JSON.parse accepts; anything else is not JSON", () => {
    const invalid = [
      "",
      " ",
      "{",
      "[1 2]",
      '{"a":1,}',
      "[1,]",
      "{'a':1}",
      "01",
      "1.",
      ".5",
      "+1",
      "-",
      "1e",
      "NaN",
      "Infinity",
      "tru",
      "nul",
      '"tab\there"',
      String.raw`"\x41"`,
      String.raw`"\u12"`,
      '{"a":1}x',
      '{"a" 1}',
      "{a:1}",
      "[1]]",
      "\u00a0[1]",
    ];
    for (const text of invalid) {
      expect(() => JSON.parse(text), text).toThrow();
      expect(parseJsonSource(text), text).toBeNull();
      expect(prettyJson(text), text).toBeNull();
    }
    const valid = ["0", "-0", '""', "[]", "{}", ' \t\n\r{"a" : [ true , false , null ] } ', '"\ud800"'];
    for (const text of valid) expect(parseJsonSource(text), text).not.toBeNull();
  });

  it("reads a document nested as deep as MAX_DEPTH and refuses a deeper one", () => {
    const nested = (n: number) => "[".repeat(n) + "]".repeat(n);
    expect(parseJsonSource(nested(MAX_DEPTH + 1))).not.toBeNull();
    expect(parseJsonSource(nested(MAX_DEPTH + 2))).toBeNull();
    expect(parseJsonSource(nested(20_000))).toBeNull();
  });

  it("numbers nodes in preorder", () => {
    const root = parseJsonSource('{"a":[1,{"b":2}],"c":3}')!;
    const ids: number[] = [];
    const walk = (n: NonNullable<typeof root>) => {
      ids.push(n.id);
      if (n.kind === "object" || n.kind === "array") n.children.forEach(walk);
    };
    walk(root);
    expect(ids).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe("prettyPrint (raw view and Copy decoded)", () => {
  it("keeps big integers and key order", () => {
    expect(prettyPrint(' {"10":1,"2":12345678901234567890}\n', "json")).toBe(
      '{\n  "10": 1,\n  "2": 12345678901234567890\n}',
    );
  });

  it("returns text that is not JSON as it is", () => {
    expect(prettyPrint('{"a":1,}', "json")).toBe('{"a":1,}');
  });
});
