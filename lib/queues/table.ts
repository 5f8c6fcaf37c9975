// Pure queue-table logic shared by the page and its tests: poison detection, filter, sort, totals.
import type { QueueSummary } from "@/lib/validation/queues";

export const POISON_SUFFIX = "-poison";

export function isPoison(name: string): boolean {
  return name.endsWith(POISON_SUFFIX) && name.length > POISON_SUFFIX.length;
}

/** The queue a poison queue belongs to, by Azure Functions' naming convention. */
export function parentOf(name: string): string | null {
  return isPoison(name) ? name.slice(0, -POISON_SUFFIX.length) : null;
}

export type SortKey = "name" | "depth";
export interface TableView {
  filter: string;
  poisonOnly: boolean;
  sort: SortKey;
  descending: boolean;
}

export interface QueueRow extends QueueSummary {
  poison: boolean;
  /** The parent queue's name when this is a poison queue and the parent exists. */
  parent: string | null;
}

export function buildRows(queues: QueueSummary[], counts: Record<string, number>, view: TableView): QueueRow[] {
  const names = new Set(queues.map((q) => q.name));
  const needle = view.filter.trim().toLowerCase();
  const rows: QueueRow[] = [];
  for (const q of queues) {
    const poison = isPoison(q.name);
    if (view.poisonOnly && !poison) continue;
    if (needle && !q.name.includes(needle) && !Object.entries(q.metadata).some(([k, v]) => `${k}=${v}`.toLowerCase().includes(needle))) continue;
    const parent = parentOf(q.name);
    rows.push({ ...q, approximateMessagesCount: counts[q.name] ?? q.approximateMessagesCount, poison, parent: parent && names.has(parent) ? parent : null });
  }
  const dir = view.descending ? -1 : 1;
  rows.sort((a, b) => {
    if (view.sort === "depth") {
      // Rows still waiting for their count sort last either way.
      const ca = a.approximateMessagesCount ?? -1;
      const cb = b.approximateMessagesCount ?? -1;
      if (ca !== cb) return ca < 0 ? 1 : cb < 0 ? -1 : (ca - cb) * dir;
    }
    return a.name < b.name ? -dir : a.name > b.name ? dir : 0;
  });
  return rows;
}

export function totalMessages(rows: QueueRow[]): { total: number; counted: number } {
  let total = 0;
  let counted = 0;
  for (const r of rows) {
    if (r.approximateMessagesCount === undefined) continue;
    total += r.approximateMessagesCount;
    counted++;
  }
  return { total, counted };
}
