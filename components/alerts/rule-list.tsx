"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";
import { EmptyState, ErrorState } from "@/components/ui/states";
import { useAlertRules } from "@/lib/hooks/use-alerts";
import type { AlertRuleDto } from "@/lib/validation/alerts";
import { DeleteRuleDialog } from "./delete-rule-dialog";
import { RuleFormDialog } from "./rule-form-dialog";
import { RuleRow } from "./rule-row";

/** The rules editor (admins only; the server refuses everyone else anyway). */
export function RuleList({ editable }: { editable: boolean }) {
  const rules = useAlertRules(true);
  const [editing, setEditing] = useState<{ rule?: AlertRuleDto; key: number } | null>(null);
  const [deleting, setDeleting] = useState<AlertRuleDto | null>(null);
  const add = editable ? (
    <Button variant="primary" onClick={() => setEditing({ key: Date.now() })}>
      New rule
    </Button>
  ) : (
    <span className="text-xs text-muted">Read-only mode: rules cannot be changed.</span>
  );
  return (
    <Panel title="Rules" actions={add}>
      {rules.isError ? (
        <ErrorState
          title="The rules could not be read"
          message={rules.error.message}
          onRetry={() => void rules.refetch()}
        />
      ) : rules.isPending ? (
        <p role="status" className="text-sm text-muted">
          Reading rules…
        </p>
      ) : rules.data.length === 0 ? (
        <EmptyState title="No rules yet">
          {editable ? "Create one with “New rule”:" : "Once Queuescope is not read-only, create one:"} for example “Not
          empty” on <code className="font-mono">*-poison</code> with your Slack or Teams webhook.
        </EmptyState>
      ) : (
        <ul className="divide-y divide-border" aria-label="Alert rules">
          {rules.data.map((r) => (
            <RuleRow
              key={r.id}
              rule={r}
              editable={editable}
              onEdit={() => setEditing({ rule: r, key: Date.now() })}
              onDelete={() => setDeleting(r)}
            />
          ))}
        </ul>
      )}
      {editing ? <RuleFormDialog key={editing.key} rule={editing.rule} open onClose={() => setEditing(null)} /> : null}
      <DeleteRuleDialog rule={deleting} onClose={() => setDeleting(null)} />
    </Panel>
  );
}
