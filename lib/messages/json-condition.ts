// A small, eval-free JSONPath condition for filtering loaded messages in the browser.
//
// Grammar:  condition := path [op literal]
//           path      := "$" ( "." name | "[" index "]" | "[" quoted "]" )*   (a leading "$." may be left out)
//           name      := [A-Za-z_][A-Za-z0-9_-]*        index := -?[0-9]{1,9} (negative counts from the end: -1 is the last)
//           op        := == | != | >= | <= | > | <
//           literal   := a JSON string ("…" or '…'), a number, true, false or null
// A bare path matches when the value exists. `==` and `!=` compare strictly (3 is not "3"); a
// missing value is != everything. `<`, `>`, `<=` and `>=` compare numbers with numbers and strings
// with strings, and never match across types.
// The server's `where` reads the same paths (lib/validation/json-path.ts, which also has [*]);
// filter-to-where.ts writes them in its syntax and refuses, saying why, what it cannot take.

export type Segment = string | number;
export type Op = "==" | "!=" | ">=" | "<=" | ">" | "<";
export type Literal = string | number | boolean | null;
export interface Condition {
  path: Segment[];
  op?: Op;
  value?: Literal;
}
export type ParseResult = { ok: true; condition: Condition } | { ok: false; error: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;
const OPS: Op[] = ["==", "!=", ">=", "<=", ">", "<"];

/** Parses a path alone (`$.items[0].sku`, `orderId`); the remainder is what follows it. */
export function parsePath(input: string): { ok: true; path: Segment[]; rest: string } | { ok: false; error: string } {
  let s = input.trim();
  if (s.startsWith("$")) s = s.slice(1);
  else if (NAME.test(s)) s = `.${s}`;
  else return { ok: false, error: "A path starts with $ (for example $.error)." };
  const path: Segment[] = [];
  for (;;) {
    if (s.startsWith(".")) {
      const name = NAME.exec(s.slice(1));
      if (!name) return { ok: false, error: `Expected a field name after “.” in “${input.trim()}”.` };
      path.push(name[0]);
      s = s.slice(1 + name[0].length);
    } else if (s.startsWith("[")) {
      const index = /^\[\s*(-?\d{1,9})\s*\]/.exec(s);
      const quoted = /^\[\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*\]/.exec(s);
      if (index) {
        path.push(Number(index[1]));
        s = s.slice(index[0].length);
      } else if (quoted) {
        const key = unquote(quoted[1]!);
        if (key === null) return { ok: false, error: `Not a valid quoted name: ${quoted[1]}` };
        path.push(key);
        s = s.slice(quoted[0].length);
      } else return { ok: false, error: 'Brackets hold an index ([0]) or a quoted name (["a b"]).' };
    } else return { ok: true, path, rest: s };
  }
}

function unquote(text: string): string | null {
  const json = text.startsWith("'") ? `"${text.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"` : text;
  try {
    return JSON.parse(json) as string;
  } catch {
    return null;
  }
}

function parseLiteral(text: string): { ok: true; value: Literal } | { ok: false; error: string } {
  const s = text.trim();
  if (s === "true" || s === "false") return { ok: true, value: s === "true" };
  if (s === "null") return { ok: true, value: null };
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s)) return { ok: true, value: Number(s) };
  if (/^"(?:[^"\\]|\\.)*"$/.test(s) || /^'(?:[^'\\]|\\.)*'$/.test(s)) {
    const value = unquote(s);
    if (value !== null) return { ok: true, value };
  }
  return {
    ok: false,
    error: s ? `Not a value: ${s} (quote text: "Timeout").` : "A value is missing after the operator.",
  };
}

export function parseCondition(input: string): ParseResult {
  if (!input.trim()) return { ok: false, error: "Empty condition." };
  const path = parsePath(input);
  if (!path.ok) return path;
  const rest = path.rest.trim();
  if (!rest) return { ok: true, condition: { path: path.path } };
  const op = OPS.find((o) => rest.startsWith(o));
  if (!op) return { ok: false, error: `Expected ==, !=, >, >=, < or <= after the path, not “${rest}”.` };
  const literal = parseLiteral(rest.slice(op.length));
  if (!literal.ok) return literal;
  return { ok: true, condition: { path: path.path, op, value: literal.value } };
}

export function readPath(value: unknown, path: readonly Segment[]): unknown {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object") return undefined;
    if (typeof segment === "number") {
      if (!Array.isArray(current)) return undefined;
      current = current[segment < 0 ? current.length + segment : segment];
    } else {
      if (Array.isArray(current) || !Object.hasOwn(current, segment)) return undefined;
      current = (current as Record<string, unknown>)[segment];
    }
  }
  return current;
}

export function matchesCondition(document: unknown, condition: Condition): boolean {
  const actual = readPath(document, condition.path);
  if (!condition.op) return actual !== undefined;
  const expected = condition.value;
  if (condition.op === "==") return actual === expected;
  if (condition.op === "!=") return actual !== expected;
  const comparable =
    (typeof actual === "number" && typeof expected === "number") ||
    (typeof actual === "string" && typeof expected === "string");
  if (!comparable) return false;
  const [a, b] = [actual, expected] as [number | string, number | string];
  if (condition.op === ">") return a > b;
  if (condition.op === ">=") return a >= b;
  if (condition.op === "<") return a < b;
  return a <= b;
}
