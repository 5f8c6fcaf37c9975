/** Placeholder rows while data loads: the same height as what replaces them, so nothing jumps. */
export function SkeletonRows({ rows, height = "h-11", label }: { rows: number; height?: string; label: string }) {
  return (
    <div
      role="status"
      aria-busy="true"
      aria-label={label}
      className="space-y-px overflow-hidden rounded-lg border border-border bg-surface"
    >
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className={`${height} flex items-center gap-4 px-4`}>
          <div className="h-3 w-2/5 animate-pulse rounded bg-surface-2" />
          <div className="ml-auto h-3 w-16 animate-pulse rounded bg-surface-2" />
        </div>
      ))}
      <span className="sr-only">{label}</span>
    </div>
  );
}
