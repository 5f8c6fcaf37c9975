import type { RowFlagsFilter } from "@/lib/queues/table";

const FLAGS: { key: keyof RowFlagsFilter; label: string }[] = [
  { key: "poisonNotEmpty", label: "Poison not empty" },
  { key: "stalled", label: "Stalled" },
  { key: "growing", label: "Growing" },
];

/** Filters on the latest sample's flags; each one narrows the rows further. */
export function QueueFlagFilters({ only, onOnly }: { only: RowFlagsFilter; onOnly: (only: RowFlagsFilter) => void }) {
  return (
    <fieldset className="mb-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      <legend className="sr-only">Show only queues that are</legend>
      <span aria-hidden="true" className="text-muted">
        Only:
      </span>
      {FLAGS.map((f) => (
        <label key={f.key} className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={!!only[f.key]}
            onChange={(e) => onOnly({ ...only, [f.key]: e.target.checked })}
            className="size-4"
          />
          {f.label}
        </label>
      ))}
    </fieldset>
  );
}
