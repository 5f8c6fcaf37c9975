import "server-only";
import type { AlertRuleDto, AlertsOverviewDto, FiringAlertDto, WebhookTestResult } from "@/lib/validation/alerts";
import { webhookTarget } from "@/lib/validation/alerts";
import { alertSettings } from "./alert-engine";
import { deleteAlertRule, getAlertRule, listAlertRules, type AlertRule } from "./alert-rules";
import { allTransitions, deliveryCounts, firingStates, forgetRule, toTransitionDto } from "./alert-store";
import { postWebhook, queuePageUrl, webhookBody } from "./alert-webhooks";
import type { MetricSection } from "./prometheus";

const RECENT = 100;

function toDto(rule: AlertRule, deliveries = { ok: 0, failed: 0 }): AlertRuleDto {
  const { etag: _etag, ...rest } = rule;
  return { ...rest, deliveries };
}

export async function listAlertRuleDtos(): Promise<AlertRuleDto[]> {
  const [rules, counts] = await Promise.all([listAlertRules(), deliveryCounts()]);
  return rules.map((r) => toDto(r, counts.get(r.id)));
}

export function alertRuleDto(rule: AlertRule): AlertRuleDto {
  return toDto(rule);
}

/** Deletes the rule and its per-queue states (its alerts stop firing); its history ages out. */
export async function removeAlertRule(id: string): Promise<AlertRule> {
  const rule = await deleteAlertRule(id);
  await forgetRule(id);
  return rule;
}

/** What is firing now (rules that are enabled), oldest first. */
export async function firingAlerts(): Promise<FiringAlertDto[]> {
  const [rules, states] = await Promise.all([listAlertRules(), firingStates()]);
  return firingOf(rules, states);
}

function firingOf(rules: AlertRule[], states: Awaited<ReturnType<typeof firingStates>>): FiringAlertDto[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const firing: FiringAlertDto[] = [];
  for (const s of states) {
    const rule = byId.get(s.partitionKey);
    if (!rule?.enabled) continue;
    firing.push({
      ruleId: rule.id,
      ruleName: rule.name,
      account: s.account,
      queue: s.queue,
      condition: rule.condition,
      value: Number(s.value),
      threshold: rule.threshold,
      since: new Date(Number(s.since)).toISOString(),
      resolving: s.phase === "resolving",
    });
  }
  return firing.sort((a, b) => a.since.localeCompare(b.since));
}

/**
 * Firing now, recent transitions, and deliveries that did not get through: still retrying, or
 * given up with no later delivery of the same rule that worked (fixing the webhook clears it).
 */
export async function alertsOverview(): Promise<AlertsOverviewDto> {
  const [rules, states, transitions] = await Promise.all([listAlertRules(), firingStates(), allTransitions()]);
  const firing = firingOf(rules, states);
  const ruleIds = new Set(rules.map((r) => r.id));
  const recent = transitions.slice(0, RECENT).map(toTransitionDto);
  const deliveredLater = new Set<string>();
  const deliveryProblems = [];
  // Newest first: a delivered transition is seen before the older failures it supersedes.
  for (const t of transitions) {
    if (!ruleIds.has(t.ruleId)) continue; // a deleted rule's deliveries are nobody's to fix
    if (t.dStatus === "delivered") deliveredLater.add(t.ruleId);
    else if (t.dStatus === "retrying" || (t.dStatus === "failed" && !deliveredLater.has(t.ruleId)))
      deliveryProblems.push(toTransitionDto(t));
  }
  return { firing, recent, deliveryProblems };
}

/** Sends a test payload to the rule's webhook once, with the usual deadline, and says what happened. */
export async function testAlertWebhook(id: string): Promise<WebhookTestResult & { configured: boolean }> {
  const rule = await getAlertRule(id);
  if (!rule.webhookUrl)
    return {
      configured: false,
      ok: false,
      status: null,
      error: "This rule has no webhook URL. Add one and save first.",
      durationMs: 0,
      target: "",
    };
  const queue = rule.queuePattern.replace(/[*?]/g, "x");
  const body = webhookBody(rule.webhookFormat, {
    rule: rule.name,
    ruleId: rule.id,
    account: rule.account,
    queue,
    condition: rule.condition,
    state: "test",
    value: 0,
    threshold: rule.threshold,
    at: new Date(alertSettings().now()).toISOString(),
    url: queuePageUrl(rule.account, queue),
  });
  const result = await postWebhook(rule.webhookUrl, body, alertSettings().timeoutMs);
  return { configured: true, ...result, target: webhookTarget(rule.webhookUrl) ?? "" };
}

/** The /api/metrics sections for alerts: firing (rule, queue) pairs per rule, and webhook attempts by result. */
export async function alertMetricSections(): Promise<MetricSection[]> {
  const [rules, states, counts] = await Promise.all([listAlertRules(), firingStates(), deliveryCounts()]);
  const firing = new Map<string, number>();
  for (const s of states) firing.set(s.partitionKey, (firing.get(s.partitionKey) ?? 0) + 1);
  const ruleLabels = (r: AlertRule) => ({ rule: r.name, rule_id: r.id });
  return [
    {
      name: "queuescope_alerts_firing",
      help: "Alerts firing now (rule, queue pairs), per rule.",
      type: "gauge",
      samples: rules
        .filter((r) => r.enabled)
        .map((r) => ({ labels: { ...ruleLabels(r), account: r.account }, value: firing.get(r.id) ?? 0 })),
    },
    {
      name: "queuescope_webhook_deliveries_total",
      help: "Alert webhook delivery attempts, by result.",
      type: "counter",
      samples: rules.flatMap((r) => {
        const c = counts.get(r.id) ?? { ok: 0, failed: 0 };
        return [
          { labels: { ...ruleLabels(r), result: "ok" }, value: c.ok },
          { labels: { ...ruleLabels(r), result: "failed" }, value: c.failed },
        ];
      }),
    },
  ];
}
