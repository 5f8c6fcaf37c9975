"use client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { useDeleteAlertRule } from "@/lib/hooks/use-alerts";
import type { AlertRuleDto } from "@/lib/validation/alerts";

export function DeleteRuleDialog({ rule, onClose }: { rule: AlertRuleDto | null; onClose: () => void }) {
  const remove = useDeleteAlertRule();
  const close = () => {
    remove.reset();
    onClose();
  };
  return (
    <Dialog open={rule !== null} onClose={close} title={`Delete rule “${rule?.name ?? ""}”?`}>
      <p className="text-sm">
        Its alerts stop firing at once and no more webhooks are sent for it. Past transitions stay in the history until
        they age out.
      </p>
      {remove.error ? (
        <p role="alert" className="mt-3 rounded-md bg-danger-bg p-2 text-sm text-danger">
          {remove.error.message}
        </p>
      ) : null}
      <div className="mt-4 flex justify-end gap-2">
        <Button onClick={close}>Cancel</Button>
        <Button
          variant="danger"
          disabled={remove.isPending}
          onClick={() => rule && remove.mutate(rule.id, { onSuccess: close })}
        >
          {remove.isPending ? "Deleting…" : `Delete “${rule?.name ?? ""}”`}
        </Button>
      </div>
    </Dialog>
  );
}
