"use client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { SECTION_LABELS, type Change } from "@/lib/settings/diff";

export function DiffDialog({
  open,
  changes,
  onClose,
  onConfirm,
  saving,
  error,
}: {
  open: boolean;
  changes: Change[];
  onClose: () => void;
  onConfirm: () => void;
  saving: boolean;
  error?: string;
}) {
  return (
    <Dialog open={open} onClose={onClose} title="Save these changes to the queue service?">
      <div className="space-y-3 text-sm">
        <table className="w-full text-left text-xs">
          <caption className="sr-only">Changes to save</caption>
          <thead className="text-muted">
            <tr>
              <th scope="col" className="py-1">
                Setting
              </th>
              <th scope="col">Now</th>
              <th scope="col">After saving</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c, i) => (
              <tr key={i} className="border-t border-border align-top">
                <th scope="row" className="py-1 pr-2 font-normal">
                  {SECTION_LABELS[c.section]}: {c.field}
                </th>
                <td className="py-1 pr-2 text-danger line-through [overflow-wrap:anywhere]">{c.before}</td>
                <td className="py-1 text-ok [overflow-wrap:anywhere]">{c.after}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="text-xs text-muted">Only the changed sections are sent; the service keeps the rest as it is.</p>
        {error ? (
          <p role="alert" className="text-danger">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2">
          <Button onClick={onClose}>Back to editing</Button>
          <Button variant="primary" disabled={saving} onClick={onConfirm}>
            {saving ? "Saving…" : "Save changes"}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
