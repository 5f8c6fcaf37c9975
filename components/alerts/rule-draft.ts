// An alert rule as its form holds it (numbers as typed), and the way back to the shared schema.
import {
  CONDITION_HELP,
  alertRuleInputSchema,
  type AlertCondition,
  type AlertRuleDto,
  type AlertRuleInput,
  type WebhookFormat,
} from "@/lib/validation/alerts";

export type RuleDraft = Omit<AlertRuleInput, "threshold" | "forSeconds"> & { threshold: string; forSeconds: string };

export const FORMATS: Record<WebhookFormat, string> = {
  json: "JSON (Queuescope's fields)",
  slack: "Slack incoming webhook",
  "teams-workflow": "Microsoft Teams (Workflows)",
  teams: "Teams (legacy connector)",
};

/** Where the URL of each format comes from (Teams' old connectors are being retired). */
export const FORMAT_HINTS: Record<WebhookFormat, string> = {
  json: "POSTs Queuescope's JSON fields, for your own receiver.",
  slack: "An incoming-webhook URL of a Slack app.",
  "teams-workflow": "In Teams: Workflows, “Post to a channel when a webhook request is received”.",
  teams: "An Office 365 connector URL; Microsoft is retiring these: prefer Workflows.",
};

const NEW_RULE: Omit<RuleDraft, "account"> = {
  name: "",
  queuePattern: "*-poison",
  condition: "not_empty",
  threshold: "0",
  forSeconds: "300",
  webhookUrl: "",
  webhookFormat: "json",
  enabled: true,
};

export function draftOf(rule: AlertRuleDto | undefined, account: string): RuleDraft {
  if (!rule) return { ...NEW_RULE, account };
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

export const needsThreshold = (condition: string) => CONDITION_HELP[condition as AlertCondition].threshold !== null;

// An empty field is no number, not zero: the schema then says what is missing.
const typedNumber = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));

export function parseDraft(draft: RuleDraft) {
  return alertRuleInputSchema.safeParse({
    ...draft,
    threshold: needsThreshold(draft.condition) ? typedNumber(draft.threshold) : 0,
    forSeconds: typedNumber(draft.forSeconds),
  });
}

/** Field errors by field name, from the shared schema here or from the server's validation_failed details. */
export function errorsOf(issues: { path: PropertyKey[] | string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = typeof i.path === "string" ? i.path.replace(/^body\.?/, "") : String(i.path[0] ?? "");
    out[key] ??= i.message;
  }
  return out;
}
