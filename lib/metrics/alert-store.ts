import "server-only";
import { updateRecord } from "@/lib/state/atomic";
import {
  deleteRows,
  getRecord,
  insertRecord,
  mergeRecord,
  replaceRecord,
  odata,
  queryRecords,
  scanRecords,
  transact,
  type StateEntity,
  type StoredEntity,
} from "@/lib/state/store";
import type {
  AlertCondition,
  AlertState,
  AlertTransitionDto,
  DeliveryCounts,
  DeliveryStatus,
} from "@/lib/validation/alerts";
import { webhookTarget } from "@/lib/validation/alerts";
import type { MachineState, Phase } from "./alert-machine";

/*
 * The "alerts" table, one partition per rule id:
 *   s_<queue>              the (rule, queue) state: hysteresis phase, the last sample it was written with
 *   t_<inverted ms>_<queue> a transition (newest first), carrying its own webhook delivery record
 *   counters               delivery attempts ok/failed
 * A state change and the transition it causes go in one transaction, conditional on the state's
 * ETag; the transition's row key comes from the round's time, so neither a second instance nor a
 * replayed round can record the same transition twice.
 */
const TABLE = "alerts";
const MAX_MS = 9_999_999_999_999;
/** Transitions kept per rule, and for how long. */
export const HISTORY_PER_RULE = 200;
export const HISTORY_DAYS = 30;

export interface StateRecord {
  [key: string]: string | number | boolean | undefined;
  queue: string;
  account: string;
  phase: Phase;
  since?: number;
  clearSince?: number;
  /** The round this record was last written for: older or equal rounds are not applied again. */
  roundAt: number;
  lastAt: number;
  lastCount: number;
  lastAge?: number;
  value: number;
}

export interface TransitionRecord {
  [key: string]: string | number | boolean | undefined;
  ruleId: string;
  ruleName: string;
  account: string;
  queue: string;
  condition: string;
  state: AlertState;
  value: number;
  threshold: number;
  at: string;
  webhookUrl?: string;
  webhookFormat?: string;
  dStatus: DeliveryStatus;
  dAttempts: number;
  dLastStatus?: number;
  dLastError?: string;
  dNextRetryAt?: number;
  dLastAttemptAt?: number;
  /** Until when an instance is sending it (another instance leaves it alone meanwhile). */
  dClaimUntil?: number;
}

export const stateKey = (queue: string) => `s_${queue}`;
export const transitionKey = (at: number, queue: string) => `t_${String(MAX_MS - at).padStart(13, "0")}_${queue}`;
const rangeFilter = (prefix: string) => odata`RowKey ge ${prefix} and RowKey lt ${`${prefix}~`}`;

export function machineOf(r: StateRecord | null): MachineState {
  if (!r) return { phase: "ok", since: null, clearSince: null };
  return { phase: r.phase, since: r.since ?? null, clearSince: r.clearSince ?? null };
}

export async function ruleStates(ruleId: string): Promise<StoredEntity<StateRecord>[]> {
  return queryRecords<StateRecord>(TABLE, { partitionKey: ruleId, filter: rangeFilter("s_") });
}

/** Writes a state (create, or replace if still at `etag`) and, when given, its transition, together. */
export async function writeState(
  ruleId: string,
  state: StateRecord,
  etag: string | null,
  transition?: { rowKey: string; record: TransitionRecord },
): Promise<void> {
  const entity: StateEntity = { partitionKey: ruleId, rowKey: stateKey(state.queue), ...state };
  // A batch costs the service more than a single write: only a transition needs one.
  if (!transition) {
    await (etag ? replaceRecord(TABLE, entity, etag) : insertRecord(TABLE, entity));
    return;
  }
  await transact(TABLE, [
    etag ? ["update", entity, "Replace", { etag }] : ["create", entity],
    ["create", { partitionKey: ruleId, rowKey: transition.rowKey, ...transition.record }],
  ]);
}

export async function forgetRule(ruleId: string): Promise<void> {
  const keys: string[] = [];
  await scanRecords(
    TABLE,
    { partitionKey: ruleId, filter: `${rangeFilter("s_")} or RowKey eq 'counters'` },
    (r) => keys.push(r.rowKey) > 0,
  );
  await deleteRows(TABLE, ruleId, keys);
}

/** Every state across rules that is firing (or firing and clearing). */
export async function firingStates(): Promise<StoredEntity<StateRecord>[]> {
  return queryRecords<StateRecord>(TABLE, {
    filter: `${rangeFilter("s_")} and (phase eq 'firing' or phase eq 'resolving')`,
  });
}

/** Every kept transition, newest first. */
export async function allTransitions(): Promise<StoredEntity<TransitionRecord>[]> {
  const all = await queryRecords<TransitionRecord>(TABLE, { filter: rangeFilter("t_") });
  return all.sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.rowKey.localeCompare(a.rowKey));
}

/** Transitions whose webhook is still to be sent (new, or waiting for a retry). */
export async function undeliveredTransitions(): Promise<StoredEntity<TransitionRecord>[]> {
  return queryRecords<TransitionRecord>(TABLE, {
    filter: `${rangeFilter("t_")} and (dStatus eq 'pending' or dStatus eq 'retrying')`,
  });
}

export async function getTransition(ruleId: string, rowKey: string): Promise<StoredEntity<TransitionRecord> | null> {
  return getRecord<TransitionRecord>(TABLE, ruleId, rowKey);
}

export async function mergeTransition(
  ruleId: string,
  rowKey: string,
  fields: Partial<TransitionRecord>,
  etag: string,
): Promise<string> {
  return mergeRecord(TABLE, { partitionKey: ruleId, rowKey, ...fields }, etag);
}

/**
 * Keeps the newest HISTORY_PER_RULE transitions of a rule, none older than HISTORY_DAYS; one whose
 * webhook is still to be sent stays until it is (dropping it would drop the page silently).
 */
export async function pruneHistory(ruleId: string, now: number): Promise<void> {
  const all = await queryRecords<TransitionRecord>(TABLE, { partitionKey: ruleId, filter: rangeFilter("t_") });
  const cutoff = now - HISTORY_DAYS * 86_400_000;
  const drop = all.filter(
    (t, i) =>
      (i >= HISTORY_PER_RULE || Date.parse(t.at) < cutoff) && t.dStatus !== "pending" && t.dStatus !== "retrying",
  );
  await deleteRows(
    TABLE,
    ruleId,
    drop.map((t) => t.rowKey),
  );
}

export async function countDelivery(ruleId: string, ok: boolean): Promise<void> {
  await updateRecord<{ ok: number; failed: number }>(TABLE, ruleId, "counters", (c) => ({
    ok: (c?.ok ?? 0) + (ok ? 1 : 0),
    failed: (c?.failed ?? 0) + (ok ? 0 : 1),
  }));
}

export async function deliveryCounts(): Promise<Map<string, DeliveryCounts>> {
  const out = new Map<string, DeliveryCounts>();
  await scanRecords<{ ok?: number; failed?: number }>(TABLE, { filter: "RowKey eq 'counters'" }, (r) => {
    out.set(r.partitionKey, { ok: Number(r.ok ?? 0), failed: Number(r.failed ?? 0) });
    return true;
  });
  return out;
}

export function toTransitionDto(t: StoredEntity<TransitionRecord>): AlertTransitionDto {
  const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : null);
  return {
    id: `${t.partitionKey}.${t.rowKey}`,
    ruleId: t.ruleId,
    ruleName: t.ruleName,
    account: t.account,
    queue: t.queue,
    condition: t.condition as AlertCondition,
    state: t.state,
    value: Number(t.value),
    threshold: Number(t.threshold),
    at: t.at,
    delivery: {
      status: t.dStatus,
      attempts: Number(t.dAttempts ?? 0),
      lastStatus: t.dLastStatus ?? null,
      lastError: t.dLastError ?? null,
      nextRetryAt: t.dStatus === "retrying" ? iso(t.dNextRetryAt) : null,
      lastAttemptAt: iso(t.dLastAttemptAt),
      target: webhookTarget(t.webhookUrl),
    },
  };
}
