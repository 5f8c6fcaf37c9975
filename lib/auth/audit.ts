import "server-only";
import { randomUUID } from "node:crypto";
import { createReadStream, existsSync, mkdirSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import type { AuditEntry, AuditQuery } from "@/lib/validation/audit";
import { getAuthConfig } from "./config";

export type AuditInput = Omit<AuditEntry, "id" | "at">;

const state = globalThis as typeof globalThis & { __queuescopeAuditQueue?: Promise<void> };

export function auditFile(): string {
  return path.join(getAuthConfig().dataDir, "audit.ndjson");
}

/**
 * Appends one entry to `.data/audit.ndjson` (flushed to disk before it resolves) and writes it to
 * stdout as a JSON line for log collectors. Writes are queued so lines never interleave.
 */
export function recordAudit(input: AuditInput): Promise<AuditEntry> {
  const entry: AuditEntry = { id: randomUUID(), at: new Date().toISOString(), ...input };
  const line = JSON.stringify(entry);
  console.log(JSON.stringify({ type: "audit", ...entry }));
  const file = auditFile();
  const write = async () => {
    mkdirSync(path.dirname(file), { recursive: true });
    const handle = await open(file, "a", 0o600);
    try {
      await handle.appendFile(`${line}\n`);
      await handle.datasync();
    } finally {
      await handle.close();
    }
  };
  const queued = (state.__queuescopeAuditQueue ?? Promise.resolve()).then(write, write);
  state.__queuescopeAuditQueue = queued.catch((err) => console.error(`[queuescope] could not write the audit log: ${String(err)}`));
  return queued.then(() => entry);
}

function matches(e: AuditEntry, q: AuditQuery): boolean {
  const has = (value: string | undefined, wanted: string | undefined) => !wanted || (value ?? "").toLowerCase().includes(wanted.toLowerCase());
  return (
    has(e.user, q.user) &&
    has(e.action, q.action) &&
    has(e.account, q.account) &&
    has(e.queue, q.queue) &&
    (!q.outcome || e.outcome === q.outcome) &&
    (!q.from || e.at >= q.from) &&
    (!q.to || e.at <= q.to)
  );
}

/** Newest first; `cursor` is how many matching entries to skip. */
export async function listAudit(q: AuditQuery): Promise<{ entries: AuditEntry[]; total: number; nextCursor: string | null }> {
  const file = auditFile();
  const all: AuditEntry[] = [];
  if (existsSync(file)) {
    const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
    for await (const line of lines) {
      if (!line) continue;
      try {
        const entry = JSON.parse(line) as AuditEntry;
        if (matches(entry, q)) all.push(entry);
      } catch {
        // a torn last line after a crash: skip it
      }
    }
  }
  all.reverse();
  const skip = Number(q.cursor ?? 0);
  const entries = all.slice(skip, skip + q.limit);
  return { entries, total: all.length, nextCursor: skip + q.limit < all.length ? String(skip + q.limit) : null };
}

/** Resolves when every queued audit write has reached the disk (tests, shutdown). */
export async function auditFlushed(): Promise<void> {
  await state.__queuescopeAuditQueue;
}
