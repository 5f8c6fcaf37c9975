"use client";
// The JSON tree's shared pieces: its actions, colours, and text with search hits marked.
import { createContext, type ReactNode } from "react";
import { formatNumber } from "@/lib/format";

export const colour = {
  key: "text-sky-700 dark:text-sky-300",
  string: "text-emerald-700 dark:text-emerald-300",
  number: "text-amber-700 dark:text-amber-300",
  literal: "text-fuchsia-700 dark:text-fuchsia-300",
};
/** Entries a container shows before "Show more". */
export const PAGE = 50;
/** Entries expand-all shows of one container: beyond this an array stays paged. */
export const EXPAND_ALL_CAP = 5000;

/** Stable for the tree's life, so a line re-renders only when its own props change. */
export interface TreeActions {
  toggle: (id: number) => void;
  showMore: (id: number, count: number) => void;
}
export const TreeContext = createContext<TreeActions | null>(null);

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
    <span className="flex flex-wrap gap-x-2 py-0.5 font-sans">
      <span className="text-muted">
        {formatNumber(left)} more {array ? "items" : "keys"}
      </span>
      <button type="button" className="text-accent hover:underline" onClick={onMore}>
        Show {formatNumber(Math.min(PAGE, left))} more
      </button>
      <button type="button" className="text-accent hover:underline" onClick={onAll}>
        Show all {formatNumber(total)}
      </button>
    </span>
  );
}
