// Paths, expand-all and search for the inspector's JSON tree. A node's path is its keys from the
// root joined with "\u0001" (no JSON key can make two paths equal), the root's is "".

export const childPath = (parent: string, key: string | number) => `${parent}\u0001${key}`;

export type Entries = [string, unknown][];

export function entriesOf(value: unknown): Entries {
  if (value === null || typeof value !== "object") return [];
  return Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value as Record<string, unknown>);
}

const isContainer = (v: unknown) => v !== null && typeof v === "object";

/** Every object and array in the document: what expand-all opens. */
export function containerPaths(value: unknown, path = "", out = new Set<string>()): Set<string> {
  if (!isContainer(value)) return out;
  out.add(path);
  for (const [k, v] of entriesOf(value)) containerPaths(v, childPath(path, k), out);
  return out;
}

/** Containers down to `depth` with at most `maxEntries` entries: how a large document starts. */
export function shallowPaths(value: unknown, depth: number, maxEntries: number): Set<string> {
  const out = new Set<string>([""]);
  const walk = (v: unknown, path: string, d: number) => {
    if (d >= depth) return;
    for (const [k, child] of entriesOf(v)) {
      const p = childPath(path, k);
      if (isContainer(child) && entriesOf(child).length <= maxEntries) {
        out.add(p);
        walk(child, p, d + 1);
      }
    }
  };
  walk(value, "", 0);
  return out;
}

export interface SearchResult {
  /** Nodes whose key or value contains the needle. */
  hits: Set<string>;
  /** Containers to open so every hit is in view. */
  open: Set<string>;
  /** For each container on the way to a hit, how many entries must be shown to reach it. */
  reach: Map<string, number>;
}

export function searchTree(value: unknown, needle: string): SearchResult {
  const result: SearchResult = { hits: new Set(), open: new Set(), reach: new Map() };
  const n = needle.toLowerCase();
  if (!n) return result;
  const walk = (v: unknown, path: string, ancestors: [string, number][]) => {
    const entries = entriesOf(v);
    entries.forEach(([k, child], i) => {
      const p = childPath(path, k);
      const chain: [string, number][] = [...ancestors, [path, i]];
      const keyHit = !Array.isArray(v) && k.toLowerCase().includes(n);
      const valueHit = !isContainer(child) && String(child).toLowerCase().includes(n);
      if (keyHit || valueHit) {
        result.hits.add(p);
        for (const [a, index] of chain) {
          result.open.add(a);
          result.reach.set(a, Math.max(result.reach.get(a) ?? 0, index + 1));
        }
      }
      if (isContainer(child)) walk(child, p, chain);
    });
  };
  walk(value, "", []);
  return result;
}
