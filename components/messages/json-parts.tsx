"use client";
// The JSON tree's shared pieces: its state, colours, and text with search hits marked.
import { createContext, type ReactNode } from "react";
import { formatNumber } from "@/lib/format";

export const colour = {
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

export function Leaf({ value, needle }: { value: unknown; needle: string }) {
  const kind = typeof value === "string" ? "string" : typeof value === "number" ? "number" : "literal";
  return (
    <span className={colour[kind]}>
      <Highlight text={typeof value === "string" ? JSON.stringify(value) : String(value)} needle={needle} />
    </span>
  );
}

/** Below a long array or object's first entries: how many are left, and ways to show them. */
export function MoreEntries({
  left,
  total,
  array,
  onMore,
  onAll,
}: {
  left: number;
  total: number;
  array: boolean;
  onMore: () => void;
  onAll: () => void;
}) {
  return (
    <div className="flex flex-wrap gap-x-2 py-0.5 pl-4 font-sans">
      <span className="text-muted">
        {formatNumber(left)} more {array ? "items" : "keys"}
      </span>
      <button type="button" className="text-accent hover:underline" onClick={onMore}>
        Show {Math.min(PAGE, left)} more
      </button>
      <button type="button" className="text-accent hover:underline" onClick={onAll}>
        Show all {formatNumber(total)}
      </button>
    </div>
  );
}
