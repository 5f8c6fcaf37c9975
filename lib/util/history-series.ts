// A queue's history as chart columns: time, depth, oldest age, and the net rate between points.
import type { QueueHistoryDto } from "@/lib/validation/metrics";

export interface HistorySeries {
  x: number[];
  count: (number | null)[];
  age: (number | null)[];
  /** Messages per minute from the previous point to this one (null for the first). */
  rate: (number | null)[];
}

export function historySeries(h: QueueHistoryDto): HistorySeries {
  const x: number[] = [];
  const count: (number | null)[] = [];
  const age: (number | null)[] = [];
  const rate: (number | null)[] = [];
  h.samples.forEach((s, i) => {
    const at = Date.parse(s.at) / 1000;
    const prev = h.samples[i - 1];
    const dt = prev ? at - Date.parse(prev.at) / 1000 : 0;
    x.push(at);
    count.push(s.count);
    age.push(s.oldestAgeSeconds);
    rate.push(prev && dt > 0 ? Math.round(((s.count - prev.count) * 60 * 10) / dt) / 10 : null);
  });
  return { x, count, age, rate };
}

/** One sentence for a screen reader in place of the chart. */
export function historySummary(queue: string, range: string, s: HistorySeries): string {
  const counts = s.count.filter((c): c is number => c !== null);
  if (counts.length === 0) return `No samples of ${queue} in the last ${range}.`;
  const ages = s.age.filter((a): a is number => a !== null);
  return `${queue}, last ${range}: ${counts.length} samples; depth from ${counts[0]} to ${counts.at(-1)}, peak ${Math.max(...counts)}, low ${Math.min(...counts)}${
    ages.length ? `; oldest message up to ${Math.round(Math.max(...ages))} s old` : ""
  }.`;
}
