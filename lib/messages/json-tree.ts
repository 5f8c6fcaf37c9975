// Expand-all, search and the lines on screen for the inspector's JSON tree. Nodes are named by
// their preorder id from parseJsonSource, so duplicate or odd keys never make two nodes one.
import { isContainer, unquote, type JsonContainer, type JsonLeaf, type JsonNode } from "./json-source";

/** Every object and array in the document: what expand-all opens. */
export function containerIds(node: JsonNode, out = new Set<number>()): Set<number> {
  if (!isContainer(node)) return out;
  out.add(node.id);
  for (const child of node.children) containerIds(child, out);
  return out;
}

/** The root and containers down to `depth` with at most `maxEntries` entries: how a large document starts. */
export function shallowIds(root: JsonNode, depth: number, maxEntries: number): Set<number> {
  const out = new Set<number>([root.id]);
  const walk = (node: JsonNode, d: number) => {
    if (d >= depth || !isContainer(node)) return;
    for (const child of node.children)
      if (isContainer(child) && child.children.length <= maxEntries) {
        out.add(child.id);
        walk(child, d + 1);
      }
  };
  walk(root, 0);
  return out;
}

/** Containers with more entries than `cap`: what expand-all leaves paged. */
export function longerThan(node: JsonNode, cap: number): number {
  if (!isContainer(node)) return 0;
  return node.children.reduce((n, c) => n + longerThan(c, cap), node.children.length > cap ? 1 : 0);
}

export interface SearchResult {
  /** Nodes whose key or value contains the needle. */
  hits: Set<number>;
  /** Containers to open so every hit is in view. */
  open: Set<number>;
  /** For each container on the way to a hit, how many entries must be shown to reach it. */
  reach: Map<number, number>;
}

const leafText = (leaf: JsonLeaf) => (leaf.kind === "string" ? unquote(leaf.raw) : leaf.raw).toLowerCase();

/** Matches keys and values as written and, for escaped strings, as they read ("Z\u00fcrich" finds "zürich"). */
export function searchTree(root: JsonNode, needle: string): SearchResult {
  const result: SearchResult = { hits: new Set(), open: new Set(), reach: new Map() };
  const n = needle.toLowerCase();
  if (!n) return result;
  const has = (raw: string, text: () => string) => raw.toLowerCase().includes(n) || text().includes(n);
  // The path to the current node, as [container id, entry index] pairs: one stack, not a copy per node.
  const path: [number, number][] = [];
  const markPath = () => {
    for (let d = path.length - 1; d >= 0; d--) {
      const [a, index] = path[d]!;
      // An earlier hit came through here at this index or later, and so through every container above.
      if ((result.reach.get(a) ?? 0) >= index + 1) return;
      result.open.add(a);
      result.reach.set(a, index + 1);
    }
  };
  const walk = (node: JsonContainer) => {
    node.children.forEach((child, i) => {
      path.push([node.id, i]);
      const key = node.keys?.[i];
      const keyHit = key !== undefined && has(key, () => unquote(key).toLowerCase());
      const valueHit = !isContainer(child) && has(child.raw, () => leafText(child));
      if (keyHit || valueHit) {
        result.hits.add(child.id);
        markPath();
      }
      if (isContainer(child)) walk(child);
      path.pop();
    });
  };
  if (isContainer(root)) walk(root);
  return result;
}

interface LineBase {
  /** Stable across renders: React's key. */
  key: string;
  depth: number;
}
export type Line =
  | (LineBase & { kind: "value"; node: JsonNode; name?: string; open: boolean; comma: boolean })
  | (LineBase & { kind: "close"; node: JsonContainer; comma: boolean })
  | (LineBase & { kind: "more"; node: JsonContainer; shown: number });

/**
 * The document as the lines on screen: one per leaf, an opening and a closing line per open
 * container, and a "more" line under a container showing only its first entries.
 */
export function visibleLines(
  root: JsonNode,
  expanded: ReadonlySet<number>,
  shown: (node: JsonContainer) => number,
): Line[] {
  const lines: Line[] = [];
  const walk = (node: JsonNode, depth: number, name: string | undefined, comma: boolean) => {
    const open = isContainer(node) && node.children.length > 0 && expanded.has(node.id);
    lines.push({ kind: "value", key: `v${node.id}`, depth, node, name, open, comma });
    if (!open) return;
    const count = Math.min(node.children.length, shown(node));
    for (let i = 0; i < count; i++) walk(node.children[i]!, depth + 1, node.keys?.[i], i < node.children.length - 1);
    if (count < node.children.length)
      lines.push({ kind: "more", key: `m${node.id}`, depth: depth + 1, node, shown: count });
    lines.push({ kind: "close", key: `c${node.id}`, depth, node, comma });
  };
  walk(root, 0, undefined, false);
  return lines;
}

/** Text before a line's content: two columns a level, the fold arrow in the last two. */
export function gutter(line: Line): string {
  const { node } = line;
  const arrow = line.kind === "value" && isContainer(node) && node.children.length > 0;
  return "  ".repeat(line.depth) + (arrow ? (line.open ? "▾ " : "▸ ") : "  ");
}

const noun = (node: JsonContainer, n: number) =>
  node.kind === "array" ? (n === 1 ? "item" : "items") : n === 1 ? "key" : "keys";

/** What a closed container shows between its brackets. */
export const foldedSize = (node: JsonContainer) => ` ${node.children.length} ${noun(node, node.children.length)} `;

/** A line as plain text, as the tree shows it before it is coloured. */
export function lineText(line: Line): string {
  const { node } = line;
  if (line.kind === "more")
    return `${gutter(line)}${line.node.children.length - line.shown} more ${noun(line.node, 2)}`;
  const [start, end] = node.kind === "array" ? ["[", "]"] : ["{", "}"];
  const comma = line.comma ? "," : "";
  if (line.kind === "close") return gutter(line) + end + comma;
  const label = line.name ? `${line.name}: ` : "";
  if (!isContainer(node)) return gutter(line) + label + node.raw + comma;
  if (!node.children.length) return gutter(line) + label + start + end + comma;
  return gutter(line) + label + start + (line.open ? "" : foldedSize(node) + end + comma);
}
