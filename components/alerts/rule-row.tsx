"use client";
import { Button } from "@/components/ui/button";
import { useSaveAlertRule, useTestAlertWebhook } from "@/lib/hooks/use-alerts";
import type { AlertRuleDto, WebhookFormat } from "@/lib/validation/alerts";
import { describeCondition } from "./alert-text";

const FORMAT_NAMES: Record<WebhookFormat, string> = {
  json: "JSON",
  slack: "Slack",
  "teams-workflow": "Teams Workflows",
  teams: "Teams legacy connector",
};

function toInput(rule: AlertRuleDto) {
  const { name, account, queuePattern, condition, threshold, forSeconds, webhookUrl, webhookFormat, enabled } = rule;
  return {
    name,
    account,
    queuePattern,
    condition,
    threshold,
    forSeconds,
    webhookUrl: webhookUrl ?? "",
    webhookFormat,
    enabled,
  };
}

export function RuleRow({
  rule,
  editable,
  onEdit,
  onDelete,
}: {
  rule: AlertRuleDto;
  editable: boolean;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const test = useTestAlertWebhook();
  const toggle = useSaveAlertRule();
  const result = test.data;
  return (
    <li className="space-y-2 py-3">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span className="font-medium">{rule.name}</span>
        {rule.enabled ? null : <span className="rounded bg-surface-2 px-1.5 py-0.5 text-xs text-muted">disabled</span>}
        <span className="font-mono text-xs text-muted">
          {rule.account}/{rule.queuePattern}
        </span>
        <span className="text-sm">{describeCondition(rule.condition, rule.threshold, rule.forSeconds)}</span>
        <span className="text-xs text-muted">
          {rule.webhookUrl
            ? `${FORMAT_NAMES[rule.webhookFormat ?? "json"]} webhook · ${rule.deliveries.ok} delivered, ${rule.deliveries.failed} failed`
            : "no webhook (history only)"}
        </span>
      </div>
      {editable ? (
        <div className="flex flex-wrap gap-2">
          <Button onClick={onEdit} aria-label={`Edit ${rule.name}`}>
            Edit
          </Button>
          <Button
            aria-label={`${rule.enabled ? "Disable" : "Enable"} ${rule.name}`}
            disabled={toggle.isPending}
            onClick={() => toggle.mutate({ id: rule.id, rule: { ...toInput(rule), enabled: !rule.enabled } })}
          >
            {rule.enabled ? "Disable" : "Enable"}
          </Button>
          <Button
            aria-label={`Test webhook of ${rule.name}`}
            disabled={!rule.webhookUrl || test.isPending}
            onClick={() => test.mutate(rule.id)}
          >
            {test.isPending ? "Testing…" : "Test webhook"}
          </Button>
          <Button variant="danger" aria-label={`Delete ${rule.name}`} onClick={onDelete}>
            Delete
          </Button>
        </div>
      ) : null}
      <div aria-live="polite" className="text-sm">
        {result ? (
          result.ok ? (
            <p className="text-ok">
              Test delivered: {result.target} answered {result.status} in {result.durationMs} ms.
            </p>
          ) : (
            <p className="text-danger">
              Test failed: {result.error}
              {result.configured ? ` (${result.target}). Check the URL and that the receiver is up.` : ""}
            </p>
          )
        ) : null}
        {test.error ? <p className="text-danger">Could not test: {test.error.message}</p> : null}
        {toggle.error ? <p className="text-danger">Could not change it: {toggle.error.message}</p> : null}
      </div>
    </li>
  );
}
