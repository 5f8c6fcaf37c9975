import "server-only";
import { createHash, timingSafeEqual } from "node:crypto";
import { getAccountConfigs } from "@/lib/azure/accounts";
import { listJobRecords } from "@/lib/jobs/records";
import { JOB_KINDS } from "@/lib/validation/jobs";
import { alertMetricSections } from "./alerts";
import { finishedJobCounts } from "./job-counters";
import { readLatestCached } from "./latest";

/**
 * /api/metrics in the Prometheus text exposition format 0.0.4. The document is a list of sections
 * (one metric family each), each built by a provider; other modules add theirs with
 * `registerMetricSection`.
 */
export const CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

export interface MetricSection {
  name: string;
  help: string;
  type: "gauge" | "counter" | "untyped";
  samples: MetricSample[];
}

export type SectionProvider = () => Promise<MetricSection[]> | MetricSection[];

/** Label values escape backslash, double quote and line feed; HELP text escapes backslash and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

export function renderExposition(sections: MetricSection[]): string {
  const lines: string[] = [];
  for (const s of sections) {
    lines.push(`# HELP ${s.name} ${escapeHelp(s.help)}`, `# TYPE ${s.name} ${s.type}`);
    for (const sample of s.samples) {
      const labels = Object.entries(sample.labels).map(([k, v]) => `${k}="${escapeLabelValue(v)}"`);
      lines.push(`${s.name}${labels.length ? `{${labels.join(",")}}` : ""} ${formatValue(sample.value)}`);
    }
  }
  return lines.join("\n") + "\n";
}

async function sampleSections(): Promise<MetricSection[]> {
  const messages: MetricSection = {
    name: "queuescope_queue_messages",
    help: "Approximate message count of the queue at the latest sampling round.",
    type: "gauge",
    samples: [],
  };
  const age: MetricSection = {
    name: "queuescope_queue_oldest_message_age_seconds",
    help: "Age of the oldest message (insertedOn of a one-message peek; an estimate) at the latest round. Absent for empty queues.",
    type: "gauge",
    samples: [],
  };
  const stamp: MetricSection = {
    name: "queuescope_sample_timestamp_seconds",
    help: "When the latest sampling round of the account started (Unix seconds).",
    type: "gauge",
    samples: [],
  };
  for (const account of getAccountConfigs()) {
    if (!account.sample) continue;
    const latest = await readLatestCached(account.id);
    if (!latest) continue;
    stamp.samples.push({ labels: { account: account.id }, value: latest.state.at });
    for (const [queue, q] of latest.state.queues) {
      messages.samples.push({ labels: { account: account.id, queue }, value: q.count });
      if (q.oldestAgeSeconds !== null)
        age.samples.push({ labels: { account: account.id, queue }, value: q.oldestAgeSeconds });
    }
  }
  return [messages, age, stamp];
}

/**
 * Running jobs (a gauge), and finished jobs as a counter kept in the state store: counting the job
 * records instead would go down when old ones are pruned, which a Prometheus counter must never do.
 */
async function jobSections(): Promise<MetricSection[]> {
  const [running, finished] = await Promise.all([listJobRecords({ running: true }), finishedJobCounts()]);
  const runningByKind = new Map<string, number>(JOB_KINDS.map((kind) => [kind, 0]));
  for (const r of running) runningByKind.set(r.job.kind, (runningByKind.get(r.job.kind) ?? 0) + 1);
  return [
    {
      name: "queuescope_jobs_running",
      help: "Jobs running now, by kind.",
      type: "gauge",
      samples: [...runningByKind].map(([kind, value]) => ({ labels: { kind }, value })),
    },
    {
      name: "queuescope_jobs_finished_total",
      help: "Jobs that ended, by kind and end state.",
      type: "counter",
      samples: finished.map(({ kind, state, count }) => ({ labels: { kind, state }, value: count })),
    },
  ];
}

const registry = globalThis as typeof globalThis & { __queuescopeMetricSections?: SectionProvider[] };

function providers(): SectionProvider[] {
  return (registry.__queuescopeMetricSections ??= [sampleSections, jobSections, alertMetricSections]);
}

/** Adds sections to /api/metrics (e.g. webhook delivery counters). */
export function registerMetricSection(provider: SectionProvider): void {
  if (!providers().includes(provider)) providers().push(provider);
}

export async function metricsExposition(): Promise<string> {
  const sections = (await Promise.all(providers().map((p) => p()))).flat();
  return renderExposition(sections);
}

/** True when the request carries `Authorization: Bearer <QUEUESCOPE_METRICS_TOKEN>` (compared in constant time). */
export function hasMetricsToken(req: Request): boolean {
  const expected = process.env.QUEUESCOPE_METRICS_TOKEN;
  if (!expected) return false;
  const given = /^Bearer\s+(\S+)$/i.exec(req.headers.get("authorization") ?? "")?.[1];
  if (!given) return false;
  // Hashing both sides gives equal lengths, so the comparison leaks neither the length nor the content.
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
