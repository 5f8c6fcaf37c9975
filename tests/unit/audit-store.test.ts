import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auditFile, auditFlushed, listAudit, recordAudit, type AuditInput } from "@/lib/auth/audit";
import { resetAuthConfig } from "@/lib/auth/config";
import { auditQuerySchema, type AuditEntry } from "@/lib/validation/audit";

const saved = process.env.QUEUESCOPE_DATA_DIR;
let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "queuescope-audit-"));
  process.env.QUEUESCOPE_DATA_DIR = dataDir;
  resetAuthConfig();
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(() => {
  if (saved === undefined) delete process.env.QUEUESCOPE_DATA_DIR;
  else process.env.QUEUESCOPE_DATA_DIR = saved;
  resetAuthConfig();
});

const input = (over: Partial<AuditInput> = {}): AuditInput => ({ user: "alice", role: "admin", via: "password", action: "queue.delete", account: "local", queue: "orders", outcome: "ok", status: 204, ...over });
const lines = () => readFileSync(auditFile(), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as AuditEntry);
const query = (q: Record<string, unknown> = {}) => auditQuerySchema.parse(q);

describe("recordAudit", () => {
  it("appends one JSON line per entry to <data>/audit.ndjson, with an id and a time", async () => {
    const entry = await recordAudit(input());
    expect(auditFile()).toBe(path.join(dataDir, "audit.ndjson"));
    expect(entry).toMatchObject(input());
    expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(entry.at)).not.toBeNaN();
    await recordAudit(input({ action: "message.send", status: 201 }));
    expect(lines()).toEqual([entry, expect.objectContaining({ action: "message.send" })]);
    expect(readFileSync(auditFile(), "utf8").endsWith("\n")).toBe(true);
  });

  it("creates the file readable by its owner only", async () => {
    await recordAudit(input());
    expect(statSync(auditFile()).mode & 0o777).toBe(0o600);
  });

  it("prints the entry to stdout as a typed JSON line for log collectors", async () => {
    const log = vi.mocked(console.log);
    const entry = await recordAudit(input({ outcome: "denied", status: 403, error: "forbidden" }));
    const printed = log.mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(printed).toContainEqual({ type: "audit", ...entry });
  });

  it("never interleaves lines from concurrent writes", async () => {
    const entries = await Promise.all(Array.from({ length: 40 }, (_, i) => recordAudit(input({ queue: `q${i}`, params: { pad: "x".repeat(5000) } }))));
    await auditFlushed();
    const stored = lines();
    expect(stored).toHaveLength(40);
    expect(new Set(stored.map((e) => e.id))).toEqual(new Set(entries.map((e) => e.id)));
  });
});

describe("listAudit", () => {
  const at = (minute: number) => new Date(Date.UTC(2030, 0, 1, 12, minute)).toISOString();
  const entry = (n: number, over: Partial<AuditEntry> = {}): AuditEntry => ({ id: `id-${n}`, at: at(n), ...input(), ...over });
  const write = (entries: AuditEntry[]) => writeFileSync(path.join(dataDir, "audit.ndjson"), entries.map((e) => `${JSON.stringify(e)}\n`).join(""));
  const ids = (r: { entries: AuditEntry[] }) => r.entries.map((e) => e.id);

  it("answers an empty page when nothing was recorded", async () => {
    expect(await listAudit(query())).toEqual({ entries: [], total: 0, nextCursor: null });
  });

  it("lists newest first and pages with a cursor", async () => {
    write([0, 1, 2, 3, 4].map((n) => entry(n)));
    const first = await listAudit(query({ limit: "2" }));
    expect(ids(first)).toEqual(["id-4", "id-3"]);
    expect(first).toMatchObject({ total: 5, nextCursor: "2" });
    const second = await listAudit(query({ limit: "2", cursor: first.nextCursor }));
    expect(ids(second)).toEqual(["id-2", "id-1"]);
    const last = await listAudit(query({ limit: "2", cursor: second.nextCursor }));
    expect(ids(last)).toEqual(["id-0"]);
    expect(last.nextCursor).toBeNull();
    expect(ids(await listAudit(query({ cursor: "99" })))).toEqual([]);
  });

  it("filters by user, action, account and queue (case-insensitive substrings) and by exact outcome", async () => {
    write([
      entry(0, { user: "Alice@example.com", action: "queue.delete" }),
      entry(1, { user: "bob", action: "message.send", queue: "orders-eu" }),
      entry(2, { user: "bob", action: "message.delete", account: "prod", queue: "billing", outcome: "denied", status: 403 }),
      entry(3, { user: "carol", action: "queue.create", account: "prod", queue: undefined, outcome: "failed", status: 409 }),
    ]);
    expect(ids(await listAudit(query({ user: "ALICE" })))).toEqual(["id-0"]);
    expect(ids(await listAudit(query({ action: "message." })))).toEqual(["id-2", "id-1"]);
    expect(ids(await listAudit(query({ account: "PROD" })))).toEqual(["id-3", "id-2"]);
    expect(ids(await listAudit(query({ queue: "orders" })))).toEqual(["id-1", "id-0"]);
    expect(ids(await listAudit(query({ outcome: "denied" })))).toEqual(["id-2"]);
    expect(ids(await listAudit(query({ user: "bob", outcome: "ok" })))).toEqual(["id-1"]);
    expect((await listAudit(query({ user: "dave" }))).total).toBe(0);
  });

  it("filters by a time range, both ends included", async () => {
    write([0, 1, 2, 3, 4].map((n) => entry(n)));
    expect(ids(await listAudit(query({ from: at(1), to: at(3) })))).toEqual(["id-3", "id-2", "id-1"]);
    expect(ids(await listAudit(query({ from: at(4) })))).toEqual(["id-4"]);
    expect(ids(await listAudit(query({ to: at(0) })))).toEqual(["id-0"]);
  });

  it("skips blank and torn lines instead of failing", async () => {
    write([entry(0), entry(1)]);
    appendFileSync(path.join(dataDir, "audit.ndjson"), `\n{"id":"torn","at":"2030-01-01T12:0`);
    const result = await listAudit(query());
    expect(ids(result)).toEqual(["id-1", "id-0"]);
    expect(result.total).toBe(2);
    // Entries written after the damage are still read.
    appendFileSync(path.join(dataDir, "audit.ndjson"), `\n${JSON.stringify(entry(2))}\n`);
    expect(ids(await listAudit(query()))).toEqual(["id-2", "id-1", "id-0"]);
  });

  it("reads back what recordAudit wrote", async () => {
    const a = await recordAudit(input({ action: "queue.create" }));
    const b = await recordAudit(input({ action: "queue.delete", outcome: "denied", status: 403 }));
    expect((await listAudit(query())).entries).toEqual([b, a]);
  });
});
