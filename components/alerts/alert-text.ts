import { CONDITION_HELP, type AlertCondition } from "@/lib/validation/alerts";

/** "Depth above 100 for 5 min", "Not empty", … */
export function describeCondition(condition: AlertCondition, threshold: number, forSeconds?: number): string {
  const help = CONDITION_HELP[condition];
  const base = help.threshold
    ? `${help.label} ${threshold}${condition === "age_above" ? " s" : condition === "growing" ? "/min" : ""}`
    : help.label;
  return forSeconds ? `${base} for ${formatDuration(forSeconds)}` : base;
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round((seconds / 60) * 10) / 10} min`;
  return `${Math.round((seconds / 3600) * 10) / 10} h`;
}

/** The value an alert reported, with its unit. */
export function formatValue(condition: AlertCondition, value: number): string {
  if (condition === "age_above") return formatDuration(value);
  if (condition === "growing") return `${value} msg/min`;
  return `${value} ${value === 1 ? "message" : "messages"}`;
}

export function queueHref(account: string, queue: string): string {
  return `/accounts/${encodeURIComponent(account)}/queues/${encodeURIComponent(queue)}`;
}
