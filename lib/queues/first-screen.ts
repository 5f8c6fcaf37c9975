// The queue page's first HTML carries only the rows of its first screen, in the view's order, and
// the figures the heading shows for the whole view: at 10,000 queues the whole round is about a
// megabyte the browser would parse before it paints the first row. The browser fetches the whole
// round right after hydration.
import type { SnapshotDto } from "@/lib/validation/metrics";
import { packSnapshot, unpackSnapshot, type PackedSnapshot } from "./snapshot-codec";
import { filterRows, mergeRows, sortRows, totalMessages, type QueueRow, type TableView } from "./table";

/** More than the first screen shows at 1080 px, and than the server renders (16 rows and the overscan). */
export const FIRST_SCREEN_ROWS = 40;

export type FirstScreenView = TableView & { prefix: string };

/** The view's figures over every row, for while the table holds only the first screen. */
export interface FirstScreenSummary {
  /** Which view they were computed for: a view changed since (a keystroke) makes them stale. */
  view: string;
  shown: number;
  all: number;
  total: number;
  counted: number;
  /** The largest depth among the rows shown: the scale of the depth bars. */
  maxDepth: number;
}

export interface FirstScreen {
  snapshot: PackedSnapshot;
  /** Null: `snapshot` is the whole round. */
  partial: FirstScreenSummary | null;
}

export function viewKey(v: FirstScreenView): string {
  const only = v.only ?? {};
  return JSON.stringify([
    v.filter,
    v.prefix,
    v.poisonOnly,
    v.sort,
    v.descending,
    !!only.poisonNotEmpty,
    !!only.stalled,
    !!only.growing,
  ]);
}

/** The sampled rows of a view before any live listing: what the table shows first. */
export function sampledViewRows(queues: SnapshotDto["queues"], v: FirstScreenView): QueueRow[] {
  const sampled = queues.filter((s) => s.name.startsWith(v.prefix));
  return filterRows(sortRows(mergeRows([], {}, sampled, false), v.sort, v.descending), v);
}

export function maxDepth(rows: QueueRow[]): number {
  return rows.reduce((m, r) => Math.max(m, r.approximateMessagesCount ?? 0), 0);
}

/** The whole round when it is small; else the view's first rows and the view's figures. */
export function firstScreen(s: SnapshotDto, v: FirstScreenView, limit = FIRST_SCREEN_ROWS): FirstScreen {
  if (s.queues.length <= limit) return { snapshot: packSnapshot(s), partial: null };
  const rows = sampledViewRows(s.queues, v);
  const first = new Set(rows.slice(0, limit).map((r) => r.name));
  const { total, counted } = totalMessages(rows);
  return {
    snapshot: packSnapshot({ ...s, queues: s.queues.filter((q) => first.has(q.name)) }),
    partial: {
      view: viewKey(v),
      shown: rows.length,
      all: s.queues.filter((q) => q.name.startsWith(v.prefix)).length,
      total,
      counted,
      maxDepth: maxDepth(rows),
    },
  };
}

export function unpackFirstScreen(json: string): { data: SnapshotDto; partial: FirstScreenSummary | null } {
  const f = JSON.parse(json) as FirstScreen;
  return { data: unpackSnapshot(f.snapshot), partial: f.partial };
}
