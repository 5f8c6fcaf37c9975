"use client";
import { createContext, memo, useContext, type ReactNode } from "react";
import { childPath, entriesOf } from "@/lib/messages/json-tree";
import { formatNumber } from "@/lib/format";

const colour = {
  key: "text-sky-700 dark:text-sky-300",
  string: "text-emerald-700 dark:text-emerald-300",
  number: "text-amber-700 dark:text-amber-300",
  literal: "text-fuchsia-700 dark:text-fuchsia-300",
};
export const PAGE = 50;
// Lines out of view skip layout and paint: an expanded 64 KiB document is ~1,000 lines.
export const LAZY_LINE = "[content-visibility:auto] [contain-intrinsic-size:auto_1.25rem]";

export interface TreeState {
  expanded: ReadonlySet<string>;
  toggle: (path: string) => void;
  shown: (path: string) => number;
  showMore: (path: string, count: number) => void;
  hits: ReadonlySet<string>;
  needle: string;
  /** Classes of every line: LAZY_LINE for a large document. */
  line: string;
}
export const TreeContext = createContext<TreeState | null>(null);

/** Text with every occurrence of the needle marked; rendered as React text, never as markup. */
export function Highlight({ text, needle }: { text: string; needle: string }): ReactNode {
  if (!needle) return text;
  const parts: ReactNode[] = [];
  const lower = text.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(needle); i >= 0; i = lower.indexOf(needle, at)) {
    parts.push(
      text.slice(at, i),
      <mark key={i} className="rounded-sm bg-yellow-200 text-inherit dark:bg-yellow-700">
        {text.slice(i, i + needle.length)}
      </mark>,
    );
    at = i + needle.length;
  }
  parts.push(text.slice(at));
  return parts;
}

function Leaf({ value, needle }: { value: unknown; needle: string }) {
  const kind = typeof value === "string" ? "string" : typeof value === "number" ? "number" : "literal";
  return (
    <span className={colour[kind]}>
      <Highlight text={typeof value === "string" ? JSON.stringify(value) : String(value)} needle={needle} />
    </span>
  );
}

export const JsonNode = memo(function JsonNode({
  name,
  value,
  path,
  last,
}: {
  name?: string;
  value: unknown;
  path: string;
  last: boolean;
}) {
  const tree = useContext(TreeContext)!;
  const hit = tree.hits.has(path);
  const label =
    name === undefined ? null : (
      <>
        <span className={colour.key}>
          <Highlight text={JSON.stringify(name)} needle={tree.needle} />
        </span>
        :{" "}
      </>
    );
  const comma = last ? "" : ",";
  const mark = hit ? " bg-yellow-100/60 dark:bg-yellow-900/40" : "";
  if (value === null || typeof value !== "object")
    return (
      <div className={`pl-4 ${tree.line}${mark}`} data-hit={hit || undefined}>
        {label}
        <Leaf value={value} needle={tree.needle} />
        {comma}
      </div>
    );
  const array = Array.isArray(value);
  const entries = entriesOf(value);
  const [start, end] = array ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0)
    return (
      <div className="pl-4">
        {label}
        {start}
        {end}
        {comma}
      </div>
    );
  const open = tree.expanded.has(path);
  const shown = Math.min(entries.length, tree.shown(path));
  const noun = array ? (entries.length === 1 ? "item" : "items") : entries.length === 1 ? "key" : "keys";
  return (
    <div className="pl-4">
      <div className={`-ml-4 ${tree.line}${mark}`}>
        <button
          type="button"
          aria-expanded={open}
          onClick={() => tree.toggle(path)}
          className="w-4 text-center text-muted hover:text-fg"
          aria-label={`${open ? "Collapse" : "Expand"} ${name ?? "root"}`}
        >
          <span aria-hidden="true">{open ? "▾" : "▸"}</span>
        </button>
        {label}
        {start}
        {open ? null : (
          <>
            <span className="text-muted">
              {" "}
              {entries.length} {noun}{" "}
            </span>
            {end}
            {comma}
          </>
        )}
      </div>
      {open ? (
        <>
          {entries.slice(0, shown).map(([k, v], i) => (
            <JsonNode
              key={k}
              name={array ? undefined : k}
              value={v}
              path={childPath(path, k)}
              last={i === entries.length - 1}
            />
          ))}
          {shown < entries.length ? (
            <div className="flex gap-2 py-0.5 pl-4 font-sans">
              <span className="text-muted">
                {formatNumber(entries.length - shown)} more {array ? "items" : "keys"}
              </span>
              <button
                type="button"
                className="text-accent hover:underline"
                onClick={() => tree.showMore(path, shown + PAGE)}
              >
                Show {Math.min(PAGE, entries.length - shown)} more
              </button>
              <button
                type="button"
                className="text-accent hover:underline"
                onClick={() => tree.showMore(path, entries.length)}
              >
                Show all {formatNumber(entries.length)}
              </button>
            </div>
          ) : null}
          <div>
            {end}
            {comma}
          </div>
        </>
      ) : null}
    </div>
  );
});
