"use client";
import { useCallback, useMemo, useRef, useState } from "react";

export interface QueueSelection {
  /** Selected names that are still among the rows shown: a filter that hides a queue unselects it for actions. */
  selected: string[];
  has: (name: string) => boolean;
  /** `range`: shift-click, from the last clicked row to this one, all set to this row's new state. */
  toggle: (name: string, range: boolean) => void;
  allShown: boolean;
  someShown: boolean;
  toggleAll: () => void;
  clear: () => void;
}

/** The names a click on `name` sets: from the anchor (the last clicked row) to it when `range`, else itself. */
export function selectionRange(
  shown: readonly string[],
  anchor: string | null,
  name: string,
  range: boolean,
): string[] {
  const from = range && anchor !== null ? shown.indexOf(anchor) : -1;
  const to = shown.indexOf(name);
  return from >= 0 && to >= 0 ? shown.slice(Math.min(from, to), Math.max(from, to) + 1) : [name];
}

/** Which queues the bulk bar acts on, over the rows as they are filtered and sorted now. */
export function useQueueSelection(shown: readonly string[]): QueueSelection {
  const [picked, setPicked] = useState<ReadonlySet<string>>(() => new Set());
  const anchor = useRef<string | null>(null);
  const selected = useMemo(() => shown.filter((n) => picked.has(n)), [shown, picked]);
  const toggle = useCallback(
    (name: string, range: boolean) => {
      // Read before the update: the updater runs later, after the anchor has moved to this row.
      const names = selectionRange(shown, anchor.current, name, range);
      anchor.current = name;
      setPicked((prev) => {
        const next = new Set(prev);
        const on = !prev.has(name);
        for (const n of names)
          if (on) next.add(n);
          else next.delete(n);
        return next;
      });
    },
    [shown],
  );
  const allShown = shown.length > 0 && selected.length === shown.length;
  return {
    selected,
    has: (name) => picked.has(name),
    toggle,
    allShown,
    someShown: selected.length > 0 && !allShown,
    toggleAll: () => setPicked(allShown ? new Set() : new Set(shown)),
    clear: () => setPicked(new Set()),
  };
}
