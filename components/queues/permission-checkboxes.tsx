import { PERMISSION_LABELS, QUEUE_PERMISSIONS } from "@/lib/validation/queues";

/** r/a/u/p as labelled checkboxes, kept in the service's canonical order. */
export function PermissionCheckboxes({
  value,
  onChange,
  label,
}: {
  value: string;
  onChange: (v: string) => void;
  label: string;
}) {
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium">{label}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {QUEUE_PERMISSIONS.map((p) => (
          <label key={p} className="flex items-center gap-1.5 text-sm">
            <input
              type="checkbox"
              className="size-4"
              checked={value.includes(p)}
              onChange={(e) =>
                onChange(QUEUE_PERMISSIONS.filter((x) => (x === p ? e.target.checked : value.includes(x))).join(""))
              }
            />
            {PERMISSION_LABELS[p]}
          </label>
        ))}
      </div>
    </fieldset>
  );
}
