import "server-only";
import { AppError } from "@/lib/api/error-codes";
import { StateConflict, type StoredEntity } from "@/lib/state/store";
import { globMatches } from "@/lib/util/glob";
import { mapLimit } from "@/lib/util/map-limit";
import { readCondition, resolveSeconds, step, type Sample } from "./alert-machine";
import { enabledRulesFor, getAlertRule, type AlertRule } from "./alert-rules";
import {
  countDelivery,
  getTransition,
  machineOf,
  mergeTransition,
  pruneHistory,
  ruleStates,
  transitionKey,
  undeliveredTransitions,
  writeState,
  type StateRecord,
  type TransitionRecord,
} from "./alert-store";
import { postWebhook, queuePageUrl, webhookBody, type AlertPayload } from "./alert-webhooks";
import type { SampleRound } from "./round";

export interface AlertSettings {
  /** Milliseconds since the epoch; tests drive it. */
  now(): number;
  /** Client-side deadline of one webhook POST. */
  timeoutMs: number;
  /** Attempts before a delivery is given up (and shown as failed). */
  maxAttempts: number;
  /** Wait before attempt n+1 (n ≥ 1). */
  backoffMs(attempt: number): number;
}

const WRITE_CONCURRENCY = 16;

const DEFAULTS: AlertSettings = {
  now: () => Date.now(),
  timeoutMs: 10_000,
  maxAttempts: 6,
  backoffMs: (n) => Math.min(5 * 60_000, 5_000 * 2 ** (n - 1)),
};

interface Runtime {
  settings: AlertSettings;
  /** The previous sample of each account/queue this instance saw (rates and stalls compare against it). */
  previous: Map<string, Sample>;
  inFlight: Set<Promise<unknown>>;
  timers: Set<NodeJS.Timeout>;
}

const g = globalThis as typeof globalThis & { __queuescopeAlerts?: Runtime };

function runtime(): Runtime {
  return (g.__queuescopeAlerts ??= {
    settings: { ...DEFAULTS },
    previous: new Map(),
    inFlight: new Set(),
    timers: new Set(),
  });
}

export function alertSettings(): AlertSettings {
  return runtime().settings;
}

/** Tests: a driven clock, short deadlines and backoff. Pending retry timers are dropped. */
export function configureAlerts(changes: Partial<AlertSettings>): void {
  const rt = runtime();
  rt.settings = { ...DEFAULTS, ...changes };
  for (const t of rt.timers) clearTimeout(t);
  rt.timers.clear();
}

/** Forgets what this instance saw, as a fresh instance (a new leader) would. */
export function forgetPreviousSamples(): void {
  runtime().previous.clear();
}

function track<T>(p: Promise<T>): Promise<T> {
  const rt = runtime();
  rt.inFlight.add(p);
  void p
    .catch((err: unknown) =>
      console.error(`Queuescope: alert delivery or history upkeep failed: ${err instanceof Error ? err.message : err}`),
    )
    .finally(() => rt.inFlight.delete(p));
  return p;
}

/** Resolves when no delivery this instance started is still running (retry timers not included). */
export async function alertDeliveriesSettled(): Promise<void> {
  const rt = runtime();
  while (rt.inFlight.size) await Promise.allSettled([...rt.inFlight]);
}

function sampleOf(record: StoredEntity<StateRecord> | undefined): Sample | null {
  if (!record) return null;
  return { at: Number(record.lastAt), count: Number(record.lastCount), oldestAgeSeconds: record.lastAge ?? null };
}

/** Evaluates one (rule, queue); answers whether it recorded a transition. */
async function evaluateQueue(
  rule: AlertRule,
  round: SampleRound,
  queue: string,
  now: Sample,
  prev: Sample | null,
  record: StoredEntity<StateRecord> | undefined,
): Promise<boolean> {
  const at = round.at.getTime();
  for (let attempt = 0; attempt < 5; attempt++) {
    if (record && Number(record.roundAt) >= at) return false; // this round (or a later one) is already applied
    const reading = readCondition(rule.condition, rule.threshold, now, prev ?? sampleOf(record));
    const current = machineOf(record ?? null);
    const { next, transition } = step(
      current,
      reading,
      at,
      rule.forSeconds,
      resolveSeconds(rule.forSeconds, round.intervalSeconds),
    );
    const unchanged =
      next.phase === current.phase && next.since === current.since && next.clearSince === current.clearSince;
    // Quiet queues cost no write: only a changed phase, or a first sample a new leader can compare with.
    if (unchanged && (record || next.phase === "ok")) return false;
    const state: StateRecord = {
      queue,
      account: rule.account,
      phase: next.phase,
      since: next.since ?? undefined,
      clearSince: next.clearSince ?? undefined,
      roundAt: at,
      lastAt: now.at,
      lastCount: now.count,
      lastAge: now.oldestAgeSeconds ?? undefined,
      value: reading.value,
    };
    const change = transition
      ? { rowKey: transitionKey(at, queue), record: transitionRecord(rule, queue, transition, reading.value, at) }
      : undefined;
    try {
      await writeState(rule.id, state, record?.etag ?? null, change);
    } catch (err) {
      if (!(err instanceof StateConflict)) throw err;
      // Another instance evaluated in between: start again from what it wrote.
      record = (await ruleStates(rule.id)).find((r) => r.queue === queue);
      continue;
    }
    if (change?.record.dStatus === "pending") void track(deliver(rule.id, change.rowKey));
    return change !== undefined;
  }
  return false;
}

function transitionRecord(
  rule: AlertRule,
  queue: string,
  state: "firing" | "resolved",
  value: number,
  at: number,
): TransitionRecord {
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    account: rule.account,
    queue,
    condition: rule.condition,
    state,
    value,
    threshold: rule.threshold,
    at: new Date(at).toISOString(),
    webhookUrl: rule.webhookUrl,
    webhookFormat: rule.webhookFormat,
    dStatus: rule.webhookUrl ? "pending" : "none",
    dAttempts: 0,
  };
}

/**
 * Checks one account's round against its enabled rules. Queues that matched before and are gone
 * from this round (deleted, or the rule's pattern changed) read as empty, so their alerts resolve.
 * A queue the round could not read is not gone: it is skipped, its state and previous sample kept,
 * so a read that times out neither clears a firing alert nor pages it again on the next round.
 */
export async function evaluateRound(round: SampleRound): Promise<void> {
  const rt = runtime();
  const rules = await enabledRulesFor(round.account);
  const at = round.at.getTime();
  const samples = new Map(
    round.queues.map((q) => [q.name, { at, count: q.count, oldestAgeSeconds: q.oldestAgeSeconds } satisfies Sample]),
  );
  const unread = new Set(round.failed);
  for (const rule of rules) {
    const records = new Map((await ruleStates(rule.id)).map((r) => [r.queue, r]));
    const names = new Set([
      ...round.queues.filter((q) => globMatches(rule.queuePattern, q.name)).map((q) => q.name),
      ...[...records.keys()].filter((queue) => !unread.has(queue)),
    ]);
    // Most queues need no write; the ones that do (a storm of poison queues filling at once) go in parallel.
    const changed = await mapLimit([...names], WRITE_CONCURRENCY, (queue) => {
      const matched = globMatches(rule.queuePattern, queue);
      const now = (matched && samples.get(queue)) || { at, count: 0, oldestAgeSeconds: null };
      return evaluateQueue(
        rule,
        round,
        queue,
        now,
        rt.previous.get(`${round.account}/${queue}`) ?? null,
        records.get(queue),
      );
    });
    if (changed.includes(true)) void track(pruneHistory(rule.id, rt.settings.now()));
  }
  for (const [name, sample] of samples) rt.previous.set(`${round.account}/${name}`, sample);
  void track(retryDueDeliveries());
}

function payloadOf(t: TransitionRecord): AlertPayload {
  return {
    rule: t.ruleName,
    ruleId: t.ruleId,
    account: t.account,
    queue: t.queue,
    condition: t.condition,
    state: t.state,
    value: Number(t.value),
    threshold: Number(t.threshold),
    at: t.at,
    url: queuePageUrl(t.account, t.queue),
  };
}

/**
 * One delivery attempt of a transition's webhook, claimed through the record's ETag so two
 * instances never send the same attempt. A failure schedules the next attempt with backoff and is
 * recorded (attempts, last status or error, next retry); after maxAttempts it stays "failed".
 */
export async function deliver(ruleId: string, rowKey: string, opts: { due?: boolean } = {}): Promise<void> {
  const { settings } = runtime();
  const t = await getTransition(ruleId, rowKey);
  const now = settings.now();
  if (!t || (t.dStatus !== "pending" && t.dStatus !== "retrying") || !t.webhookUrl) return;
  if ((t.dClaimUntil ?? 0) > now || (!opts.due && t.dStatus === "retrying" && (t.dNextRetryAt ?? 0) > now)) return;
  let etag: string;
  try {
    etag = await mergeTransition(ruleId, rowKey, { dClaimUntil: now + settings.timeoutMs + 5_000 }, t.etag);
  } catch (err) {
    if (err instanceof StateConflict) return;
    throw err;
  }
  // Retries go where the rule points now: fixing a broken URL must fix the deliveries waiting on it.
  const rule = await getAlertRule(ruleId).catch((err: unknown) => {
    if (err instanceof AppError && err.code === "not_found") return null;
    throw err;
  });
  if (!rule?.webhookUrl) {
    await mergeTransition(
      ruleId,
      rowKey,
      {
        dStatus: "failed",
        dLastError: rule ? "the rule no longer has a webhook" : "the rule was deleted",
        dClaimUntil: 0,
        dNextRetryAt: 0,
      },
      etag,
    );
    return;
  }
  const result = await postWebhook(rule.webhookUrl, webhookBody(rule.webhookFormat, payloadOf(t)), settings.timeoutMs);
  const attempts = Number(t.dAttempts ?? 0) + 1;
  const giveUp = !result.ok && attempts >= settings.maxAttempts;
  const wait = settings.backoffMs(attempts);
  await mergeTransition(
    ruleId,
    rowKey,
    {
      dStatus: result.ok ? "delivered" : giveUp ? "failed" : "retrying",
      dAttempts: attempts,
      dLastStatus: result.status ?? undefined,
      dLastError: result.error ?? "",
      dLastAttemptAt: settings.now(),
      dNextRetryAt: result.ok || giveUp ? 0 : settings.now() + wait,
      dClaimUntil: 0,
      webhookUrl: rule.webhookUrl,
    },
    etag,
  );
  await countDelivery(ruleId, result.ok);
  if (!result.ok && !giveUp) schedule(ruleId, rowKey, wait);
}

function schedule(ruleId: string, rowKey: string, ms: number): void {
  const rt = runtime();
  const timer = setTimeout(() => {
    rt.timers.delete(timer);
    void track(deliver(ruleId, rowKey, { due: true }));
  }, ms);
  timer.unref();
  rt.timers.add(timer);
}

/** Picks up deliveries that are due (a retry whose timer died with its instance, or one never started). */
export async function retryDueDeliveries(): Promise<void> {
  const now = runtime().settings.now();
  for (const t of await undeliveredTransitions()) {
    if ((t.dClaimUntil ?? 0) > now || (t.dStatus === "retrying" && (t.dNextRetryAt ?? 0) > now)) continue;
    await deliver(t.partitionKey, t.rowKey);
  }
}
