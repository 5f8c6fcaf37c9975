"use client";
import { useState } from "react";
import { useAccounts } from "@/components/session/session-context";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, SelectField } from "@/components/ui/field";
import { useSaveAlertRule } from "@/lib/hooks/use-alerts";
import {
  ALERT_CONDITIONS,
  CONDITION_HELP,
  WEBHOOK_FORMATS,
  type AlertCondition,
  type AlertRuleDto,
} from "@/lib/validation/alerts";
import { FORMATS, FORMAT_HINTS, draftOf, errorsOf, needsThreshold, parseDraft, type RuleDraft } from "./rule-draft";

type Bound =
  "name" | "account" | "queuePattern" | "condition" | "threshold" | "forSeconds" | "webhookUrl" | "webhookFormat";

export function RuleFormDialog({ rule, open, onClose }: { rule?: AlertRuleDto; open: boolean; onClose: () => void }) {
  const accounts = useAccounts();
  const [draft, setDraft] = useState<RuleDraft>(() => draftOf(rule, accounts[0]?.id ?? "local"));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSaveAlertRule();
  const set = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const serverIssues = (save.error?.details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
  const shown = { ...errorsOf(serverIssues ?? []), ...errors };
  // A field's value, change and error, by the draft's field name (selects offer only valid values).
  const bind = <K extends Bound>(key: K) => ({
    value: draft[key] ?? "",
    onChange: (e: { target: { value: string } }) => set(key, e.target.value as RuleDraft[K]),
    error: shown[key],
  });

  const submit = () => {
    const parsed = parseDraft(draft);
    setErrors(parsed.success ? {} : errorsOf(parsed.error.issues));
    if (parsed.success) save.mutate({ id: rule?.id, rule: parsed.data }, { onSuccess: onClose });
  };

  return (
    <Dialog open={open} onClose={onClose} title={rule ? `Edit rule “${rule.name}”` : "New alert rule"}>
      <form noValidate className="grid gap-3 sm:grid-cols-2" onSubmit={(e) => (e.preventDefault(), submit())}>
        <Field className="sm:col-span-2" label="Name" autoFocus {...bind("name")} />
        <SelectField
          label="Account"
          {...bind("account")}
          options={accounts.map((a) => ({ value: a.id, label: a.name }))}
        />
        <Field
          label="Queues"
          spellCheck={false}
          {...bind("queuePattern")}
          hint="A name or a pattern: * any run, ? one character (e.g. *-poison)."
        />
        <SelectField
          label="Condition"
          {...bind("condition")}
          options={ALERT_CONDITIONS.map((c) => ({ value: c, label: CONDITION_HELP[c].label }))}
        />
        {needsThreshold(draft.condition) ? (
          <Field
            label={`Threshold (${CONDITION_HELP[draft.condition as AlertCondition].threshold})`}
            inputMode="decimal"
            {...bind("threshold")}
          />
        ) : (
          <p className="self-end pb-2 text-xs text-muted">
            No threshold:{" "}
            {draft.condition === "stalled"
              ? "depth above zero and unchanged while the oldest message ages."
              : "any message fires it."}
          </p>
        )}
        <Field
          label="For (seconds)"
          inputMode="numeric"
          {...bind("forSeconds")}
          hint="It must hold this long to fire, and be clear as long (two rounds at least) to resolve."
        />
        <SelectField
          label="Webhook format"
          {...bind("webhookFormat")}
          options={WEBHOOK_FORMATS.map((f) => ({ value: f, label: FORMATS[f] }))}
          hint={FORMAT_HINTS[draft.webhookFormat ?? "json"]}
        />
        <Field
          className="sm:col-span-2"
          label="Webhook URL (optional)"
          type="url"
          spellCheck={false}
          {...bind("webhookUrl")}
          hint="Called on firing and on resolved. Kept secret: only admins see it."
        />
        <label className="flex items-center gap-2 text-sm sm:col-span-2">
          <input type="checkbox" checked={draft.enabled} onChange={(e) => set("enabled", e.target.checked)} /> Enabled
        </label>
        {save.error && !serverIssues ? (
          <p role="alert" className="rounded-md bg-danger-bg p-2 text-sm text-danger sm:col-span-2">
            {save.error.message}
          </p>
        ) : null}
        <div className="flex justify-end gap-2 sm:col-span-2">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={save.isPending}>
            {save.isPending ? "Saving…" : rule ? "Save rule" : "Create rule"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
