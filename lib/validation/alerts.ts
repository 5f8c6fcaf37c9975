import { accountIdSchema } from "./common";
import { z } from "./zod";

export const ALERT_CONDITIONS = ["depth_above", "age_above", "not_empty", "growing", "stalled"] as const;
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];
/**
 * Webhook bodies. `teams-workflow` is an Adaptive Card for a Teams "Workflows" (Power Automate)
 * webhook; `teams` is the MessageCard of the Office 365 connectors Microsoft is retiring, kept
 * for connectors still running (the id stays: stored rules use it).
 */
export const WEBHOOK_FORMATS = ["json", "slack", "teams-workflow", "teams"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

/** What each condition's threshold means, for the form and the API docs. */
export const CONDITION_HELP: Record<AlertCondition, { label: string; threshold: string | null }> = {
  depth_above: { label: "Depth above", threshold: "messages" },
  age_above: { label: "Oldest message older than", threshold: "seconds" },
  not_empty: { label: "Not empty", threshold: null },
  growing: { label: "Growing", threshold: "messages per minute (0: any growth)" },
  stalled: { label: "Stalled (depth unchanged while the oldest ages)", threshold: null },
};

/**
 * Webhook targets: http or https only, and no user:password in the URL (a token belongs in the
 * path or query, which only admins ever see). Loopback is allowed: receivers often sit next to us.
 */
export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2000, "Webhook URLs are at most 2,000 characters.")
  .refine((v) => {
    try {
      return ["http:", "https:"].includes(new URL(v).protocol);
    } catch {
      return false;
    }
  }, "Enter an http:// or https:// URL.")
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.username === "" && u.password === "";
    } catch {
      return true;
    }
  }, "Do not put a user name or password in the URL; use the token your chat tool puts in the path.");

export const queuePatternSchema = z
  .string()
  .trim()
  .min(1, "Enter a queue name or a pattern such as *-poison.")
  .max(63, "Patterns are at most 63 characters long.")
  .regex(/^[a-z0-9*?-]+$/, "Patterns use lowercase letters, digits, hyphens, * (any run) and ? (one character).");

/** One schema for the rule form and POST/PUT /api/alerts/rules. */
export const alertRuleInputSchema = z.strictObject({
  name: z.string().trim().min(1, "Give the rule a name.").max(100, "Names are at most 100 characters."),
  account: accountIdSchema,
  queuePattern: queuePatternSchema,
  condition: z.enum(ALERT_CONDITIONS, { error: `Choose one of ${ALERT_CONDITIONS.join(", ")}.` }),
  threshold: z
    .number({ error: "The threshold is a number." })
    .min(0, "The threshold cannot be negative.")
    .max(1e9, "The threshold is at most 1,000,000,000.")
    .default(0),
  forSeconds: z
    .number({ error: "Enter the seconds as a number." })
    .int("Whole seconds only.")
    .min(0, "Cannot be negative.")
    .max(7 * 86_400, "At most 7 days."),
  webhookUrl: z.union([webhookUrlSchema, z.literal("").transform(() => undefined)]).optional(),
  webhookFormat: z.enum(WEBHOOK_FORMATS).default("json"),
  enabled: z.boolean().default(true),
});
export type AlertRuleInput = z.input<typeof alertRuleInputSchema>;
export type AlertRuleFields = z.output<typeof alertRuleInputSchema>;

export const alertRuleIdSchema = z.string().regex(/^[a-z0-9]{8,40}$/);

export interface DeliveryCounts {
  ok: number;
  failed: number;
}

export interface AlertRuleDto extends AlertRuleFields {
  id: string;
  createdAt: string;
  updatedAt: string;
  deliveries: DeliveryCounts;
}

export type AlertState = "firing" | "resolved";
export type DeliveryStatus = "none" | "pending" | "retrying" | "delivered" | "failed";

export interface DeliveryDto {
  status: DeliveryStatus;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  nextRetryAt: string | null;
  lastAttemptAt: string | null;
  /** Where it goes: the origin only (the path often holds the receiver's token). */
  target: string | null;
}

export interface AlertTransitionDto {
  id: string;
  ruleId: string;
  ruleName: string;
  account: string;
  queue: string;
  condition: AlertCondition;
  state: AlertState;
  value: number;
  threshold: number;
  at: string;
  delivery: DeliveryDto;
}

export interface FiringAlertDto {
  ruleId: string;
  ruleName: string;
  account: string;
  queue: string;
  condition: AlertCondition;
  value: number;
  threshold: number;
  since: string;
  /** True while the condition has cleared but not yet for long enough to resolve. */
  resolving: boolean;
}

export interface AlertsOverviewDto {
  firing: FiringAlertDto[];
  recent: AlertTransitionDto[];
  /** Transitions whose webhook has not been delivered after at least one attempt (retrying or given up). */
  deliveryProblems: AlertTransitionDto[];
}

export interface WebhookTestResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
  target: string;
}

/** The origin of a URL, safe to show anyone (tokens live in paths and queries). */
export function webhookTarget(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
