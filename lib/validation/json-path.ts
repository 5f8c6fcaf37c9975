// A small JSONPath evaluator for the subset predicates and masks use, interpreted step by step:
// nothing is compiled to JavaScript (jsonpath libraries that eval filters have had RCE bugs).
//
//   $                      the whole message
//   .name  ['name']        a member (bracket form for any name: ['order id'], ["a.b"])
//   [0]  [-1]              an array element (a negative index counts from the end: [-1] is the last)
//   [*]  .*                every element of an array, or every member of an object
//
// Refused, with a message naming the problem: recursive descent (..), filters ([?()]), slices,
// unions, functions, and names of JavaScript internals. The Messages tab's filter reads paths the
// same way (lib/messages/json-condition.ts), so a filter applied to the whole queue means the same.

export type Step = { kind: "member"; name: string } | { kind: "index"; index: number } | { kind: "wildcard" };

export const MAX_PATH_LENGTH = 256;
const MAX_STEPS = 32;
const FORBIDDEN = new Set(["__proto__", "prototype", "constructor"]);
const NAME = /^[A-Za-z_$][\w$-]*/;

export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonPathError";
  }
}

function member(name: string, at: number): Step {
  if (FORBIDDEN.has(name)) throw new JsonPathError(`"${name}" (at ${at}) names a JavaScript internal, not a field.`);
  return { kind: "member", name };
}

/** Reads a quoted name at `i` (the opening quote); returns it and the index after its closing quote. */
function quoted(path: string, i: number): [string, number] {
  const quote = path[i]!;
  let name = "";
  for (let j = i + 1; j < path.length; j++) {
    const c = path[j]!;
    if (c === "\\") {
      const next = path[j + 1];
      if (next !== quote && next !== "\\")
        throw new JsonPathError(`Only \\${quote} and \\\\ may be escaped in a quoted name (at ${j}).`);
      name += next;
      j++;
    } else if (c === quote) return [name, j + 1];
    else name += c;
  }
  throw new JsonPathError(`The quoted name starting at ${i} is not closed.`);
}

/** Parses a path such as `$.items[0].sku`; throws JsonPathError saying what is wrong and where. */
export function parseJsonPath(path: string): Step[] {
  if (path.length > MAX_PATH_LENGTH) throw new JsonPathError(`The path is longer than ${MAX_PATH_LENGTH} characters.`);
  if (!path.startsWith("$"))
    throw new JsonPathError('A path starts with "$" (the message), e.g. $.error or $.items[0].sku.');
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    const c = path[i]!;
    if (c === ".") {
      if (path[i + 1] === ".")
        throw new JsonPathError(`Recursive descent ("..", at ${i}) is not supported: name each step.`);
      if (path[i + 1] === "*") {
        steps.push({ kind: "wildcard" });
        i += 2;
      } else {
        const name = NAME.exec(path.slice(i + 1))?.[0];
        if (!name) throw new JsonPathError(`Expected a field name after "." at ${i} (use ['…'] for other names).`);
        steps.push(member(name, i + 1));
        i += 1 + name.length;
      }
    } else if (c === "[") {
      const next = path[i + 1];
      if (next === "'" || next === '"') {
        const [name, end] = quoted(path, i + 1);
        if (path[end] !== "]") throw new JsonPathError(`Expected "]" at ${end}.`);
        steps.push(member(name, i + 1));
        i = end + 1;
      } else if (next === "*") {
        if (path[i + 2] !== "]") throw new JsonPathError(`Expected "]" at ${i + 2}.`);
        steps.push({ kind: "wildcard" });
        i += 3;
      } else {
        const close = path.indexOf("]", i);
        const inner = close < 0 ? path.slice(i + 1) : path.slice(i + 1, close);
        if (close < 0) throw new JsonPathError(`The bracket opened at ${i} is not closed.`);
        if (inner.startsWith("?"))
          throw new JsonPathError(`Filters ([?(…)], at ${i}) are not supported: use equals or matches.`);
        if (inner.includes(":")) throw new JsonPathError(`Slices ([a:b], at ${i}) are not supported.`);
        if (inner.includes(",")) throw new JsonPathError(`Unions ([a,b], at ${i}) are not supported.`);
        if (!/^-?\d{1,9}$/.test(inner))
          throw new JsonPathError(`"[${inner}]" at ${i} is neither an array index, [*] nor a quoted name.`);
        steps.push({ kind: "index", index: Number(inner) });
        i = close + 1;
      }
    } else {
      throw new JsonPathError(`Unexpected "${c}" at ${i}: steps are .name, ['name'], [0] or [*].`);
    }
    if (steps.length > MAX_STEPS) throw new JsonPathError(`The path has more than ${MAX_STEPS} steps.`);
  }
  return steps;
}

/** The reason a path is refused, or null when it is fine (for form validation). */
export function jsonPathProblem(path: string): string | null {
  try {
    parseJsonPath(path);
    return null;
  } catch (err) {
    if (err instanceof JsonPathError) return err.message;
    throw err;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The position an index step names in an array of `length`, or -1 when there is none. */
function position(index: number, length: number): number {
  const at = index < 0 ? length + index : index;
  return at >= 0 && at < length ? at : -1;
}

function children(value: unknown, step: Step): unknown[] {
  if (step.kind === "member") return isObject(value) && Object.hasOwn(value, step.name) ? [value[step.name]] : [];
  if (step.kind === "index") {
    const at = Array.isArray(value) ? position(step.index, value.length) : -1;
    return at < 0 ? [] : [(value as unknown[])[at]];
  }
  if (Array.isArray(value)) return value;
  return isObject(value) ? Object.values(value) : [];
}

/** Every value the path selects in `root` (none when it leads nowhere). */
export function selectAll(root: unknown, steps: Step[]): unknown[] {
  let current: unknown[] = [root];
  for (const step of steps) current = current.flatMap((v) => children(v, step));
  return current;
}

/**
 * Replaces every value the path selects with `replacement`, in place (the root itself cannot be
 * replaced this way: a path of just "$" masks nothing). Returns how many values it replaced.
 */
export function replaceAll(root: unknown, steps: Step[], replacement: unknown): number {
  if (!steps.length) return 0;
  const parents = selectAll(root, steps.slice(0, -1));
  const last = steps[steps.length - 1]!;
  let replaced = 0;
  for (const parent of parents) {
    if (Array.isArray(parent)) {
      const at = last.kind === "index" ? position(last.index, parent.length) : -1;
      const indices = last.kind === "wildcard" ? parent.keys() : at < 0 ? [] : [at];
      for (const i of indices) {
        parent[i] = replacement;
        replaced++;
      }
    } else if (isObject(parent)) {
      const keys =
        last.kind === "wildcard"
          ? Object.keys(parent)
          : last.kind === "member" && Object.hasOwn(parent, last.name)
            ? [last.name]
            : [];
      for (const k of keys) {
        parent[k] = replacement;
        replaced++;
      }
    }
  }
  return replaced;
}

/**
 * True when one path may select a value inside (or equal to) what the other selects. An index
 * counted from the end may name any element counted from the start, so the two overlap.
 */
export function pathsOverlap(a: Step[], b: Step[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i]!, b[i]!];
    if (x.kind === "wildcard" || y.kind === "wildcard") continue;
    if (x.kind !== y.kind) return false;
    if (x.kind === "member" && x.name !== (y as typeof x).name) return false;
    if (x.kind === "index" && x.index < 0 !== (y as typeof x).index < 0) continue;
    if (x.kind === "index" && x.index !== (y as typeof x).index) return false;
  }
  return true;
}
