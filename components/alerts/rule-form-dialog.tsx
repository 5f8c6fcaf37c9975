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
  alertRuleInputSchema,
  type AlertCondition,
  type AlertRuleDto,
  type AlertRuleInput,
  type WebhookFormat,
} from "@/lib/validation/alerts";

type Draft = Omit<AlertRuleInput, "threshold" | "forSeconds"> & { threshold: string; forSeconds: string };
const FORMATS: Record<WebhookFormat, string> = {
  json: "JSON (Queuescope's fields)",
  slack: "Slack incoming webhook",
  teams: "Microsoft Teams (MessageCard)",
};

function draftOf(rule: AlertRuleDto | undefined, account: string): Draft {
  if (!rule)
    return {
      name: "",
      account,
      queuePattern: "*-poison",
      condition: "not_empty",
      threshold: "0",
      forSeconds: "300",
      webhookUrl: "",
      webhookFormat: "json",
      enabled: true,
    };
  const { name, queuePattern, condition, webhookFormat, enabled } = rule;
  return {
    name,
    account: rule.account,
    queuePattern,
    condition,
    webhookFormat,
    enabled,
    threshold: String(rule.threshold),
    forSeconds: String(rule.forSeconds),
    webhookUrl: rule.webhookUrl ?? "",
  };
}

/** Field errors by field name, from the shared schema here or from the server's validation_failed details. */
function errorsOf(issues: { path: PropertyKey[] | string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = typeof i.path === "string" ? i.path.replace(/^body\.?/, "") : String(i.path[0] ?? "");
    out[key] ??= i.message;
  }
  return out;
}

export function RuleFormDialog({ rule, open, onClose }: { rule?: AlertRuleDto; open: boolean; onClose: () => void }) {
  const accounts = useAccounts();
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule, accounts[0]?.id ?? "local"));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useSaveAlertRule();
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const needsThreshold = CONDITION_HELP[draft.condition as AlertCondition].threshold !== null;
  const serverIssues = (save.error?.details as { issues?: { path: string; message: string }[] } | undefined)?.issues;
  const shown = { ...errorsOf(serverIssues ?? []), ...errors };

  const submit = () => {
    const parsed = alertRuleInputSchema.safeParse({
      ...draft,
      threshold: needsThreshold ? (draft.threshold.trim() === "" ? Number.NaN : Number(draft.threshold)) : 0,
      forSeconds: draft.forSeconds.trim() === "" ? Number.NaN : Number(draft.forSeconds),
    });
    setErrors(parsed.success ? {} : errorsOf(parsed.error.issues));
    if (parsed.success) save.mutate({ id: rule?.id, rule: parsed.data }, { onSuccess: onClose });
  };

  return (
    <Dialog open={open} onClose={onClose} title={rule ? `Edit rule “${rule.name}”` : "New alert rule"}>
      <form noValidate className="grid gap-3 sm:grid-cols-2" onSubmit={(e) => (e.preventDefault(), submit())}>
        <Field
          className="sm:col-span-2"
          label="Name"
          value={draft.name}
          autoFocus
          onChange={(e) => set("name", e.target.value)}
          error={shown.name}
        />
        <SelectField
          label="Account"
          value={draft.account}
          onChange={(e) => set("account", e.target.value)}
          options={accounts.map((a) => ({ value: a.id, label: a.name }))}
          error={shown.account}
        />
        <Field
          label="Queues"
          spellCheck={false}
          value={draft.queuePattern}
          onChange={(e) => set("queuePattern", e.target.value)}
          error={shown.queuePattern}
          hint="A name or a pattern: * any run, ? one character (e.g. *-poison)."
        />
        <SelectField
          label="Condition"
          value={draft.condition}
          onChange={(e) => set("condition", e.target.value as AlertCondition)}
          options={ALERT_CONDITIONS.map((c) => ({ value: c, label: CONDITION_HELP[c].label }))}
          error={shown.condition}
        />
        {needsThreshold ? (
          <Field
            label={`Threshold (${CONDITION_HELP[draft.condition as AlertCondition].threshold})`}
            inputMode="decimal"
            value={draft.threshold}
            onChange={(e) => set("threshold", e.target.value)}
            error={shown.threshold}
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
          value={draft.forSeconds}
          onChange={(e) => set("forSeconds", e.target.value)}
          error={shown.forSeconds}
          hint="It must hold this long to fire, and be clear as long (two rounds at least) to resolve."
        />
        <SelectField
          label="Webhook format"
          value={draft.webhookFormat}
          onChange={(e) => set("webhookFormat", e.target.value as WebhookFormat)}
          options={WEBHOOK_FORMATS.map((f) => ({ value: f, label: FORMATS[f] }))}
        />
        <Field
          className="sm:col-span-2"
          label="Webhook URL (optional)"
          type="url"
          spellCheck={false}
          value={draft.webhookUrl ?? ""}
          onChange={(e) => set("webhookUrl", e.target.value)}
          error={shown.webhookUrl}
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
