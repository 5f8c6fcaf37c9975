import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { AppError } from "@/lib/api/error-codes";
import { updateRecord } from "@/lib/state/atomic";
import {
  getRecord,
  insertRecord,
  mergeRecord,
  odata,
  scanRecords,
  transact,
  upsertRecord,
  type StateEntity,
  type StoredEntity,
} from "@/lib/state/store";
import type { AuditEntry, AuditQuery } from "@/lib/validation/audit";

export type AuditInput = Omit<AuditEntry, "id" | "at">;

/*
 * Layout in the "audit" table: one partition per UTC day (`YYYYMMDD`), row keys that sort newest
 * first (an inverted millisecond timestamp, then the id), and a small "days" partition that names
 * every day holding entries (newest first too), so a reader walks days backward without probing
 * empty ones and stops as soon as its page is full.
 */
const DAYS = "days";
const MAX_MS = 9_999_999_999_999;
const MAX_DAY = 99_999_999;
/** Past this the parameters are not kept (a table property holds 64 KiB). */
const MAX_JSON = 16_000;

const cache = globalThis as typeof globalThis & {
  __queuescopeAuditDays?: { key: string; days: Set<string> };
  __queuescopeAuditRefusals?: Map<string, RefusalSlot>;
};

type AuditRecord = Record<string, string | number | undefined>;

const dayOf = (at: string) => at.slice(0, 10).replaceAll("-", "");
const invertedDay = (day: string) => String(MAX_DAY - Number(day)).padStart(8, "0");
const invertedMs = (ms: number) => String(MAX_MS - ms).padStart(13, "0");
const rowKeyOf = (e: Pick<AuditEntry, "at" | "id">) => `${invertedMs(Date.parse(e.at))}_${e.id}`;

function json(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const text = JSON.stringify(value);
  return text.length > MAX_JSON ? JSON.stringify({ truncated: true }) : text;
}

function toRecord(e: AuditEntry): StateEntity {
  return {
    partitionKey: dayOf(e.at),
    rowKey: rowKeyOf(e),
    id: e.id,
    at: e.at,
    user: e.user,
    role: e.role ?? undefined,
    via: e.via ?? undefined,
    action: e.action,
    account: e.account,
    queue: e.queue,
    params: json(e.params),
    outcome: e.outcome,
    status: e.status,
    error: e.error,
    counts: json(e.counts),
    jobId: e.jobId,
    token: e.token,
    tokenId: e.tokenId,
  };
}

function fromRecord(r: AuditRecord): AuditEntry {
  const str = (k: string) => (typeof r[k] === "string" && r[k] !== "" ? (r[k] as string) : undefined);
  const parsed = (k: string) => (str(k) ? (JSON.parse(str(k)!) as never) : undefined);
  const entry: AuditEntry = {
    id: str("id")!,
    at: str("at")!,
    user: str("user") ?? "",
    role: str("role") ?? null,
    via: str("via") ?? null,
    action: str("action") ?? "",
    outcome: str("outcome") as AuditEntry["outcome"],
    status: Number(r.status ?? 0),
  };
  const optional = {
    account: str("account"),
    queue: str("queue"),
    params: parsed("params"),
    error: str("error"),
    counts: parsed("counts"),
    jobId: str("jobId"),
    token: str("token"),
    tokenId: str("tokenId"),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) Object.assign(entry, { [k]: v });
  return entry;
}

/** Names the entry's day in the "days" partition, once per process and day. */
async function noteDay(day: string): Promise<void> {
  const key = `${process.env.QUEUESCOPE_STATE_PREFIX ?? ""}|${process.env.QUEUESCOPE_STATE_CONNECTION_STRING ?? process.env.QUEUESCOPE_STATE_ACCOUNT_URL ?? ""}`;
  if (cache.__queuescopeAuditDays?.key !== key) cache.__queuescopeAuditDays = { key, days: new Set() };
  const known = cache.__queuescopeAuditDays.days;
  if (known.has(day)) return;
  await upsertRecord("audit", { partitionKey: DAYS, rowKey: invertedDay(day), day });
  known.add(day);
}

function print(entry: AuditEntry): void {
  console.log(JSON.stringify({ type: "audit", ...entry }));
}

async function store(entry: AuditEntry): Promise<void> {
  await noteDay(dayOf(entry.at));
  await insertRecord("audit", toRecord(entry));
}

function newEntry(input: AuditInput, at = new Date()): AuditEntry {
  return { id: randomUUID(), at: at.toISOString(), ...input };
}

/**
 * Stores one complete entry and writes it to stdout as a JSON line for log collectors (the job
 * runner's "finished" entries, refusals of signed-in users). Rejects when the store cannot take it.
 */
export async function recordAudit(input: AuditInput): Promise<AuditEntry> {
  const entry = newEntry(input);
  print(entry);
  await store(entry);
  return entry;
}

/** An intent stored before a change: `settle` records how it ended, in the same entry. */
export interface AuditIntent {
  entry: AuditEntry;
}

/**
 * Records what is about to be done (outcome "pending") before anything changes. When the store
 * cannot take it the caller must not go on: it throws `audit_unavailable`.
 */
export async function beginAudit(input: AuditInput, at = new Date()): Promise<AuditIntent> {
  const entry = newEntry({ ...input, outcome: "pending", status: 0 }, at);
  try {
    await store(entry);
  } catch (err) {
    const cause = err instanceof AppError ? err.message : String(err);
    throw new AppError(
      "audit_unavailable",
      "The audit log cannot be written right now, so nothing was changed. Try again in a moment.",
      { cause: cause.slice(0, 200) },
    );
  }
  return { entry };
}

/**
 * Records the outcome into the intent's entry (same row: a merge). The change has happened by now,
 * so a store that fails here is reported on stderr, never to the caller; the stdout line still goes out.
 */
export async function settleAudit(intent: AuditIntent, outcome: AuditInput): Promise<AuditEntry> {
  const entry: AuditEntry = { ...outcome, id: intent.entry.id, at: intent.entry.at };
  print(entry);
  try {
    await mergeRecord("audit", toRecord(entry), "*");
  } catch (err) {
    console.error(
      `[queuescope] the audit entry ${entry.id} keeps its intent only: the outcome could not be stored (${err instanceof Error ? err.message : String(err)}).`,
    );
  }
  return entry;
}

// ---- refusals of requests nobody is signed in for ----

interface RefusalSlot {
  pending: number;
  chain: Promise<void>;
  next?: Promise<void>;
  minute: number;
}

/**
 * Refusals of unauthenticated requests are counted, not listed: one entry per minute, action,
 * refusal and claimed name, whose `counts.attempts` grows (ETag-guarded, so instances add up).
 * Within an instance the requests of one key share a write: a flood costs a few writes a second,
 * never one row per request.
 */
export function recordRefusal(input: AuditInput, now = Date.now()): Promise<void> {
  const minute = now - (now % 60_000);
  const key = `${minute}|${input.action}|${input.error ?? input.status}|${input.user}`;
  const slots = (cache.__queuescopeAuditRefusals ??= new Map());
  let slot = slots.get(key);
  if (!slot) {
    slot = { pending: 0, chain: Promise.resolve(), minute };
    slots.set(key, slot);
    for (const [k, s] of slots) if (s.minute < minute - 60_000 && !s.next && s.pending === 0) slots.delete(k);
  }
  slot.pending++;
  const s = slot;
  if (!s.next) {
    s.next = s.chain.then(async () => {
      s.next = undefined;
      const add = s.pending;
      s.pending = 0;
      await addRefusals(key, minute, input, add);
    });
    s.chain = s.next.catch((err: unknown) =>
      console.error(
        `[queuescope] could not count a refused request in the audit log: ${err instanceof Error ? err.message : String(err)}`,
      ),
    );
  }
  return s.next;
}

async function addRefusals(key: string, minute: number, input: AuditInput, add: number): Promise<void> {
  const base: AuditEntry = {
    id: `refusals-${createHash("sha256").update(key).digest("hex").slice(0, 24)}`,
    at: new Date(minute).toISOString(),
    ...input,
    params: { ...input.params, per: "minute" },
  };
  const { partitionKey, rowKey, ...fields } = toRecord(base);
  await noteDay(partitionKey);
  const written = await updateRecord<AuditRecord>("audit", partitionKey, rowKey, (current) => {
    const attempts =
      (current?.counts ? ((JSON.parse(String(current.counts)) as { attempts?: number }).attempts ?? 0) : 0) + add;
    return { ...(current ? stripKeys(current) : (fields as AuditRecord)), counts: JSON.stringify({ attempts }) };
  });
  if (written) print(fromRecord(written));
}

function stripKeys(r: StoredEntity<AuditRecord>): AuditRecord {
  const { partitionKey: _p, rowKey: _r, etag: _e, ...rest } = r;
  return rest;
}

/** Resolves when every refusal counted so far is stored (tests, shutdown). */
export async function auditFlushed(): Promise<void> {
  await Promise.all([...(cache.__queuescopeAuditRefusals?.values() ?? [])].map((s) => s.chain));
}

// ---- reading ----

interface Cursor {
  /** The day and row key of the last entry handed out. */
  d: string;
  r: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.d}.${c.r}`).toString("base64url");
}

function decodeCursor(text: string | undefined): Cursor | null {
  if (!text) return null;
  const [d, r] = Buffer.from(text, "base64url").toString("utf8").split(".");
  if (!d || !r || !/^\d{8}$/.test(d) || !/^\d{13}_[\w-]{1,80}$/.test(r))
    throw new AppError("validation_failed", "query.cursor: not a cursor this server handed out.");
  return { d, r };
}

function matches(e: AuditEntry, q: AuditQuery): boolean {
  const has = (value: string | undefined, wanted: string | undefined) =>
    !wanted || (value ?? "").toLowerCase().includes(wanted.toLowerCase());
  return (
    has(e.user, q.user) &&
    has(e.action, q.action) &&
    has(e.account, q.account) &&
    has(e.queue, q.queue) &&
    (!q.from || Date.parse(e.at) >= Date.parse(q.from)) &&
    (!q.to || Date.parse(e.at) <= Date.parse(q.to))
  );
}

/** The days holding entries, newest first, within the query's range. */
async function daysToRead(q: AuditQuery, cursor: Cursor | null): Promise<string[]> {
  const newest = [q.to ? dayOf(new Date(q.to).toISOString()) : undefined, cursor?.d]
    .filter((d): d is string => !!d)
    .sort()[0];
  const oldest = q.from ? dayOf(new Date(q.from).toISOString()) : undefined;
  const parts = [
    newest ? odata`RowKey ge ${invertedDay(newest)}` : "",
    oldest ? odata`RowKey le ${invertedDay(oldest)}` : "",
  ].filter(Boolean);
  const days: string[] = [];
  await scanRecords<{ day: string }>(
    "audit",
    { partitionKey: DAYS, filter: parts.join(" and ") || undefined },
    (r) => days.push(r.day) > 0,
  );
  return days;
}

/**
 * Newest first, `limit` at a time, without reading the whole log: day partitions are read from the
 * newest backward and the walk stops once one entry more than the page is found. The outcome and
 * the time range go to the store as filters; the substring filters are applied as rows arrive.
 * `cursor` names the last entry handed out.
 */
export async function listAudit(q: AuditQuery): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const cursor = decodeCursor(q.cursor);
  const substring = Boolean(q.user || q.action || q.account || q.queue);
  const found: { day: string; rowKey: string; entry: AuditEntry }[] = [];
  for (const day of await daysToRead(q, cursor)) {
    const filter = [
      cursor?.d === day ? odata`RowKey gt ${cursor.r}` : "",
      q.to ? odata`RowKey ge ${invertedMs(Date.parse(q.to))}` : "",
      q.from ? odata`RowKey lt ${invertedMs(Date.parse(q.from) - 1)}` : "",
      q.outcome ? odata`outcome eq ${q.outcome}` : "",
    ].filter(Boolean);
    const wanted = q.limit + 1 - found.length;
    await scanRecords<AuditRecord>(
      "audit",
      { partitionKey: day, filter: filter.join(" and ") || undefined, pageSize: substring ? 1000 : wanted },
      (r) => {
        const entry = fromRecord(r);
        if (matches(entry, q)) found.push({ day, rowKey: r.rowKey, entry });
        return found.length <= q.limit;
      },
    );
    if (found.length > q.limit) break;
  }
  const page = found.slice(0, q.limit);
  const last = page[page.length - 1];
  return {
    entries: page.map((f) => f.entry),
    nextCursor: found.length > q.limit && last ? encodeCursor({ d: last.day, r: last.rowKey }) : null,
  };
}

/** One entry by id and time (tests, and the import's "already there" check). */
export async function getAuditEntry(e: Pick<AuditEntry, "at" | "id">): Promise<AuditEntry | null> {
  const r = await getRecord<AuditRecord>("audit", dayOf(e.at), rowKeyOf(e));
  return r ? fromRecord(r) : null;
}

/** Writes already-complete entries as they are (the import of the old audit file, the benchmark's seed). */
export async function importAuditEntries(entries: AuditEntry[]): Promise<void> {
  const byDay = new Map<string, AuditEntry[]>();
  for (const e of entries) byDay.set(dayOf(e.at), [...(byDay.get(dayOf(e.at)) ?? []), e]);
  for (const [day, list] of byDay) {
    await noteDay(day);
    for (let i = 0; i < list.length; i += 100) {
      // Upserts keyed by the entry's own id and time: a rerun after a crash writes the same rows.
      await transact(
        "audit",
        list.slice(i, i + 100).map((e) => ["upsert", toRecord(e), "Replace"]),
      );
    }
  }
}

/**
 * How a request's entry ends: into its intent when one was recorded; counted with the other
 * refusals when nobody was signed in (no role); otherwise as an entry of its own. The answer is
 * already decided, so a store that fails now is reported on stderr only.
 */
export async function finishAudit(intent: AuditIntent | undefined, outcome: AuditInput): Promise<void> {
  if (intent) return void (await settleAudit(intent, outcome));
  try {
    if (outcome.error === "audit_unavailable") print(newEntry(outcome));
    else if (outcome.role === null) await recordRefusal(outcome);
    else await recordAudit(outcome);
  } catch (err) {
    console.error(
      `[queuescope] could not store an audit entry for ${outcome.action}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}
