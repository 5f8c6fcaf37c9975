"use client";

interface Props {
  columns: string[];
  canSelect: boolean;
  /** Shown rows that hold a pop receipt, and how many of them are selected. */
  selectable: number;
  chosen: number;
  onSelectAll: () => void;
  onClearSelection: () => void;
}

/** The list's header row; its checkbox shows whether all, some or none of the matching rows are selected. */
export function MessageTableHead({ columns, canSelect, selectable, chosen, onSelectAll, onClearSelection }: Props) {
  const all = chosen > 0 && chosen === selectable;
  return (
    <thead className="sticky top-0 z-10 bg-surface-2 text-left text-muted">
      <tr>
        {canSelect ? (
          <th scope="col" className="w-8 px-2 py-2">
            <input
              type="checkbox"
              className="size-4 align-middle"
              aria-label="Select all matching messages that can be acted on"
              title={all ? "Clear the selection" : "Select every matching message that can be acted on"}
              disabled={!selectable}
              checked={all}
              ref={(el) => {
                if (el) el.indeterminate = chosen > 0 && !all;
              }}
              onChange={all ? onClearSelection : onSelectAll}
            />
          </th>
        ) : null}
        <th scope="col" className="hidden px-2 py-2 font-medium sm:table-cell">
          Id
        </th>
        <th scope="col" className="px-2 py-2 font-medium">
          Inserted
        </th>
        <th scope="col" className="px-2 py-2 text-right font-medium" title="Dequeue count">
          Deq.
        </th>
        <th scope="col" className="hidden px-2 py-2 text-right font-medium sm:table-cell">
          Size
        </th>
        {columns.map((c) => (
          <th key={c} scope="col" className="px-2 py-2 font-mono text-xs font-medium">
            {c}
          </th>
        ))}
        <th scope="col" className="px-2 py-2 font-medium">
          Message
        </th>
      </tr>
    </thead>
  );
}
