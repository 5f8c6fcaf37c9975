import { memo } from "react";

const W = 72;
const H = 20;

/**
 * A 24 h trend as one inline SVG polyline: cheap enough for every visible row of a virtualized
 * table (a canvas chart per row is not). Gaps (windows without a sample) break the line.
 */
export const Sparkline = memo(function Sparkline({ points, label }: { points: (number | null)[]; label: string }) {
  const max = points.reduce<number>((m, p) => (p !== null && p > m ? p : m), 0);
  const step = points.length > 1 ? W / (points.length - 1) : W;
  const segments: string[] = [];
  let current = "";
  points.forEach((p, i) => {
    if (p === null) {
      if (current) segments.push(current);
      current = "";
      return;
    }
    const y = max ? H - 1 - (p / max) * (H - 2) : H - 1;
    current += `${(i * step).toFixed(1)},${y.toFixed(1)} `;
  });
  if (current) segments.push(current);
  return (
    <svg
      role="img"
      aria-label={label}
      width={W}
      height={H}
      viewBox={`0 0 ${W} ${H}`}
      className="overflow-visible text-accent"
      data-points={points.filter((p) => p !== null).length}
    >
      {segments.map((s, i) =>
        s.trim().includes(" ") ? (
          <polyline
            key={i}
            points={s.trim()}
            fill="none"
            stroke="currentColor"
            strokeWidth={1.5}
            strokeLinejoin="round"
          />
        ) : (
          <circle key={i} cx={s.split(",")[0]} cy={s.split(",")[1]} r={1.5} fill="currentColor" />
        ),
      )}
    </svg>
  );
});

/** What the sparkline shows, in words: for the accessible name and for the tooltip. */
export function sparkSummary(points: (number | null)[]): string {
  const seen = points.filter((p): p is number => p !== null);
  if (seen.length === 0) return "No samples in the last 24 h";
  const first = seen[0]!;
  const last = seen.at(-1)!;
  return `Last 24 h: from ${first} to ${last}, peak ${Math.max(...seen)}`;
}
