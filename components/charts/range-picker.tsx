import type { HistoryRange } from "@/lib/validation/metrics";

export const CHART_RANGES: { id: HistoryRange; label: string }[] = [
  { id: "1h", label: "1 h" },
  { id: "24h", label: "24 h" },
  { id: "7d", label: "7 d" },
  { id: "30d", label: "30 d" },
];

/** A row of toggle buttons; the pressed one is the range shown. */
export function RangePicker({ value, onChange }: { value: HistoryRange; onChange: (r: HistoryRange) => void }) {
  return (
    <div
      role="group"
      aria-label="Time range"
      className="inline-flex overflow-hidden rounded-md border border-border text-sm"
    >
      {CHART_RANGES.map((r) => (
        <button
          key={r.id}
          type="button"
          aria-pressed={r.id === value}
          onClick={() => onChange(r.id)}
          className={`px-3 py-1 ${r.id === value ? "bg-accent font-semibold text-accent-fg" : "bg-surface hover:bg-surface-2"}`}
        >
          {r.label}
        </button>
      ))}
    </div>
  );
}
