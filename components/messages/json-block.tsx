"use client";
// A run of the JSON tree's lines. Far from view it is one text node (every line is in the page,
// for find-in-page, copy and a fast expand-all); near the scroll position, or holding a search
// hit, it becomes coloured lines with fold buttons. Off-screen blocks also skip layout and paint.
import { createContext, useContext, useEffect, useMemo, useRef, useState } from "react";
import { lineText, type Line } from "@/lib/messages/json-tree";
import { JsonLine } from "./json-node";

export const BLOCK_LINES = 100;

/** Registers an element to be told once it comes near the view; returns the unregistration. */
export type Watch = (el: Element, onNear: () => void) => () => void;

/** One IntersectionObserver for a tree, rooted at its scroll container so the margin counts there. */
export function useNearWatcher(): [Watch, (el: HTMLElement | null) => void] {
  const waiting = useRef(new Map<Element, () => void>());
  const observer = useRef<IntersectionObserver | null>(null);
  const watch: Watch = useMemo(
    () => (el, onNear) => {
      waiting.current.set(el, onNear);
      observer.current?.observe(el);
      return () => {
        waiting.current.delete(el);
        observer.current?.unobserve(el);
      };
    },
    [],
  );
  const attach = useMemo(
    () => (tree: HTMLElement | null) => {
      observer.current?.disconnect();
      observer.current = null;
      if (!tree) return;
      let root = tree.parentElement;
      while (root && !/auto|scroll/.test(getComputedStyle(root).overflowY)) root = root.parentElement;
      const io = new IntersectionObserver(
        (entries) => {
          for (const e of entries)
            if (e.isIntersecting) {
              waiting.current.get(e.target)?.();
              waiting.current.delete(e.target);
              io.unobserve(e.target);
            }
        },
        { root, rootMargin: "100% 0px" },
      );
      observer.current = io;
      for (const el of waiting.current.keys()) io.observe(el);
    },
    [],
  );
  return [watch, attach];
}

export const WatchContext = createContext<Watch | null>(null);

interface Props {
  lines: Line[];
  /** Coloured from the start: the first block, or one holding a search hit. */
  eager: boolean;
  hits: ReadonlySet<number>;
  needle: string;
}

export function JsonBlock({ lines, eager, hits, needle }: Props) {
  const watch = useContext(WatchContext)!;
  const ref = useRef<HTMLDivElement>(null);
  const [near, setNear] = useState(false);
  const coloured = near || eager;
  useEffect(() => (coloured ? undefined : watch(ref.current!, () => setNear(true))), [coloured, watch]);
  return (
    <div
      ref={ref}
      className="[content-visibility:auto]"
      style={{ containIntrinsicSize: `none auto ${lines.length * 1.25}rem` }}
    >
      {coloured ? (
        lines.map((line) => (
          <JsonLine key={line.key} line={line} hit={line.kind === "value" && hits.has(line.node.id)} needle={needle} />
        ))
      ) : (
        <div className="whitespace-pre-wrap">{lines.map(lineText).join("\n")}</div>
      )}
    </div>
  );
}
