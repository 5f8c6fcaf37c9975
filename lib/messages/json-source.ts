// JSON as it was written. JSON.parse turns 12345678901234567890 into 12345678901234567000, 1e400
// into Infinity and -0 into 0, drops all but the last of duplicate keys and moves integer-like keys
// ("10", "2") first in ascending order. The inspector shows what the producer wrote, so it reads
// the text with this parser, which keeps every literal's source and every key in its place.

export interface JsonLeaf {
  kind: "string" | "number" | "literal";
  /** Preorder index in the document: the root is 0. */
  id: number;
  /** The literal as written: a string keeps its quotes and escapes. */
  raw: string;
}
export interface JsonContainer {
  kind: "object" | "array";
  id: number;
  /** An object's keys as written, with quotes; null for an array. */
  keys: string[] | null;
  children: JsonNode[];
}
export type JsonNode = JsonLeaf | JsonContainer;

export const isContainer = (n: JsonNode): n is JsonContainer => n.kind === "object" || n.kind === "array";

// Deeper documents are shown as text: every walk over the tree may recurse this far.
export const MAX_DEPTH = 500;

const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const SPACE = /[ \t\n\r]*/y;
const LITERALS = ["true", "false", "null"];

class Invalid extends Error {}

/** The document, or null when the text is not JSON as JSON.parse accepts it (or deeper than MAX_DEPTH). */
export function parseJsonSource(text: string): JsonNode | null {
  let at = 0;
  let nextId = 0;
  const skip = () => {
    SPACE.lastIndex = at;
    SPACE.test(text);
    at = SPACE.lastIndex;
  };
  const match = (re: RegExp): string => {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new Invalid();
    at = re.lastIndex;
    return m[0];
  };
  const expect = (ch: string) => {
    skip();
    if (text[at] !== ch) throw new Invalid();
    at++;
  };
  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) throw new Invalid();
    skip();
    const id = nextId++;
    const ch = text[at];
    if (ch === "{" || ch === "[") {
      const array = ch === "[";
      const node: JsonContainer = { kind: array ? "array" : "object", id, keys: array ? null : [], children: [] };
      at++;
      skip();
      if (text[at] === (array ? "]" : "}")) {
        at++;
        return node;
      }
      for (;;) {
        if (!array) {
          skip();
          node.keys!.push(match(STRING));
          expect(":");
        }
        node.children.push(value(depth + 1));
        skip();
        const next = text[at++];
        if (next === (array ? "]" : "}")) return node;
        if (next !== ",") throw new Invalid();
      }
    }
    if (ch === '"') return { kind: "string", id, raw: match(STRING) };
    if (ch === "-" || (ch !== undefined && ch >= "0" && ch <= "9")) return { kind: "number", id, raw: match(NUMBER) };
    const literal = LITERALS.find((l) => text.startsWith(l, at));
    if (!literal) throw new Invalid();
    at += literal.length;
    return { kind: "literal", id, raw: literal };
  };
  try {
    const root = value(0);
    skip();
    return at === text.length ? root : null;
  } catch (e) {
    if (e instanceof Invalid) return null;
    throw e;
  }
}

/** A string literal's or key's text without quotes or escapes, as search compares it. */
export function unquote(raw: string): string {
  return raw.includes("\\") ? (JSON.parse(raw) as string) : raw.slice(1, -1);
}

/** Indented two spaces a level, as JSON.stringify(v, null, 2) lays out, with every literal as written. */
export function prettyJson(text: string): string | null {
  const root = parseJsonSource(text);
  if (!root) return null;
  const out: string[] = [];
  const write = (node: JsonNode, indent: string) => {
    if (!isContainer(node)) {
      out.push(node.raw);
      return;
    }
    const [start, end] = node.kind === "array" ? ["[", "]"] : ["{", "}"];
    if (!node.children.length) {
      out.push(start, end);
      return;
    }
    const inner = indent + "  ";
    out.push(start);
    node.children.forEach((child, i) => {
      out.push(i ? ",\n" : "\n", inner);
      if (node.keys) out.push(node.keys[i]!, ": ");
      write(child, inner);
    });
    out.push("\n", indent, end);
  };
  write(root, "");
  return out.join("");
}
