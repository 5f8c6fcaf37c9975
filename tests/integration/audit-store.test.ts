// The audit log in the state store (real Azurite): day partitions read newest first, filtered and
// paged by cursor; the intent recorded before a change and 503 audit_unavailable when it cannot
// be; refusals of nobody signed in counted, not listed.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DELETE as clearRoute, POST as sendRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/route";
import { route } from "@/lib/api/route";
import { getAuditEntry, importAuditEntries, listAudit, recordAudit, type AuditInput } from "@/lib/auth/audit";
import { resetStateClients } from "@/lib/state/store";
import { auditQuerySchema, type AuditEntry } from "@/lib/validation/audit";
import { emulatorService, uniquePrefix, useEnv } from "../support/api";
import { auditEntries, configureSignIn, freshStatePrefix, send, sessionFor, USERS } from "../support/auth";

const input = (over: Partial<AuditInput> = {}): AuditInput => ({
  user: "alice",
  role: "admin",
  via: "password",
  action: "queue.delete",
  account: "local",
  queue: "orders",
  outcome: "ok",
  status: 204,
  ...over,
});
const query = (q: Record<string, unknown> = {}) => auditQuerySchema.parse(q);
const ids = (r: { entries: AuditEntry[] }) => r.entries.map((e) => e.id);

beforeEach(() => {
  useEnv({ QUEUESCOPE_STATE_PREFIX: freshStatePrefix() });
  vi.spyOn(console, "log").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

describe("recordAudit", () => {
  it("stores the entry, with an id and a time, and reads it back as written", async () => {
    const entry = await recordAudit(
      input({ params: { to: "b", nested: { n: 1 } }, counts: { moved: 3 }, jobId: "j1" }),
    );
    expect(entry).toMatchObject(input());
    expect(entry.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await getAuditEntry(entry)).toEqual(entry);
    expect((await listAudit(query())).entries).toEqual([entry]);
  });

  it("prints the entry to stdout as a typed JSON line for log collectors", async () => {
    const entry = await recordAudit(input({ outcome: "denied", status: 403, error: "forbidden" }));
    const printed = vi.mocked(console.log).mock.calls.map(([line]) => JSON.parse(String(line)));
    expect(printed).toContainEqual({ type: "audit", ...entry });
  });

  it("keeps every entry of concurrent writes", async () => {
    const entries = await Promise.all(
      Array.from({ length: 40 }, (_, i) => recordAudit(input({ queue: `q${i}`, params: { pad: "x".repeat(5000) } }))),
    );
    const stored = await auditEntries();
    expect(new Set(stored.map((e) => e.id))).toEqual(new Set(entries.map((e) => e.id)));
  });
});

describe("listAudit across day partitions", () => {
  // Four days with gaps between them, entries at driven times, written as the import writes them.
  const DAYS = ["2031-03-01", "2031-03-02", "2031-03-05", "2031-04-10"];
  const all: AuditEntry[] = [];
  DAYS.forEach((day, d) => {
    for (let i = 0; i < 7; i++) {
      all.push({
        id: `e${d}-${i}`,
        at: new Date(`${day}T0${i}:30:00.000Z`).toISOString(),
        ...input({
          user: i % 3 === 0 ? "Bob@Example.com" : "alice",
          action: i % 2 ? "message.send" : "queue.delete",
          queue: `q${d}`,
          outcome: i === 5 ? "denied" : "ok",
          status: i === 5 ? 403 : 200,
        }),
      });
    }
  });
  const newestFirst = [...all].sort((a, b) => (a.at < b.at ? 1 : -1));
  let prefix: string;

  beforeAll(async () => {
    prefix = freshStatePrefix();
    useEnv({ QUEUESCOPE_STATE_PREFIX: prefix });
    await importAuditEntries(all);
  });
  beforeEach(() => useEnv({ QUEUESCOPE_STATE_PREFIX: prefix }));

  async function everything(q: Record<string, unknown>): Promise<{ ids: string[]; pages: number }> {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listAudit(query({ ...q, ...(cursor ? { cursor } : {}) }));
      expect(page.entries.length).toBeLessThanOrEqual(Number(q.limit ?? 50));
      seen.push(...ids(page));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 50);
    return { ids: seen, pages };
  }

  it("answers the newest first, across days, and pages through all of them without gaps or repeats", async () => {
    expect(ids(await listAudit(query({ limit: 3 })))).toEqual(newestFirst.slice(0, 3).map((e) => e.id));
    const paged = await everything({ limit: 5 });
    expect(paged.ids).toEqual(newestFirst.map((e) => e.id));
    expect(paged.pages).toBe(Math.ceil(all.length / 5));
    // A page that ends exactly at a day's last entry continues with the next day.
    const seven = await everything({ limit: 7 });
    expect(seven.ids).toEqual(newestFirst.map((e) => e.id));
    expect(seven.pages).toBe(4);
  });

  it.each<[string, Record<string, unknown>, (e: AuditEntry) => boolean]>([
    ["a user (case-insensitive substring)", { user: "bob@" }, (e) => e.user === "Bob@Example.com"],
    ["an action", { action: "message." }, (e) => e.action === "message.send"],
    ["a queue", { queue: "q2" }, (e) => e.queue === "q2"],
    ["an outcome", { outcome: "denied" }, (e) => e.outcome === "denied"],
    [
      "a time range over three days, both ends included",
      { from: "2031-03-01T05:30:00.000Z", to: "2031-03-05T02:30:00Z" },
      (e) => e.at >= "2031-03-01T05:30:00.000Z" && e.at <= "2031-03-05T02:30:00.000Z",
    ],
    [
      "a range given with an offset",
      { from: "2031-03-02T03:30:00+02:00", to: "2031-03-02T05:30:00+02:00" },
      (e) => e.at >= "2031-03-02T01:30:00.000Z" && e.at <= "2031-03-02T03:30:00.000Z",
    ],
    [
      "everything at once",
      { user: "alice", action: "send", outcome: "ok", from: "2031-03-02T00:00:00Z" },
      (e) => e.user === "alice" && e.action === "message.send" && e.outcome === "ok" && e.at >= "2031-03-02",
    ],
  ])("filters by %s, page by page", async (_label, q, matches) => {
    const expected = newestFirst.filter(matches).map((e) => e.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(all.length);
    expect((await everything({ ...q, limit: 2 })).ids).toEqual(expected);
  });

  it("answers an empty last page, and nothing outside the range", async () => {
    expect(await listAudit(query({ from: "2032-01-01T00:00:00Z" }))).toEqual({ entries: [], nextCursor: null });
    expect(await listAudit(query({ user: "nobody" }))).toEqual({ entries: [], nextCursor: null });
    const last = await listAudit(query({ limit: all.length }));
    expect(last.entries).toHaveLength(all.length);
    expect(last.nextCursor).toBeNull();
  });

  it("refuses a cursor it did not hand out", async () => {
    await expect(listAudit(query({ cursor: "bm90LWEtY3Vyc29y" }))).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("imports the same entries again without duplicates (keyed by id and time)", async () => {
    await importAuditEntries(all.slice(0, 10));
    expect((await everything({ limit: 500 })).ids).toHaveLength(all.length);
  });
});

describe("the route wrapper", () => {
  const qPrefix = uniquePrefix("auditroute");
  let queue: string;
  const count = async () =>
    (await emulatorService().getQueueClient(queue).getProperties()).approximateMessagesCount ?? 0;

  beforeAll(async () => {
    queue = `${qPrefix}-a`;
    await emulatorService().getQueueClient(queue).create();
  });

  it("has the intent on record, as pending, before the handler runs; the outcome goes into the same entry", async () => {
    await configureSignIn("intent", { users: [] });
    let during: AuditEntry[] = [];
    const handler = route({ role: "operator", action: "test.change" }, async (ctx) => {
      ctx.audit({ params: { what: "probe" } });
      during = await auditEntries();
      return Response.json({ ok: true }, { status: 201 });
    });
    const res = await send(handler, { method: "POST", params: { account: "local", queue } });
    expect(res.status).toBe(201);
    expect(during).toEqual([
      expect.objectContaining({
        action: "test.change",
        user: "local",
        outcome: "pending",
        status: 0,
        account: "local",
        queue,
      }),
    ]);
    const after = await auditEntries();
    expect(after).toEqual([{ ...during[0], outcome: "ok", status: 201, params: { what: "probe" } }]);
  });

  it("refuses with 503 audit_unavailable and changes nothing when the audit store cannot take the intent", async () => {
    await configureSignIn("dead-audit", { users: [] });
    await emulatorService().getQueueClient(queue).sendMessage("already here");
    const before = await count();
    // Signed-in state was read at start; now the store stops answering (a port nobody listens on).
    const live = process.env.QUEUESCOPE_STATE_CONNECTION_STRING!;
    process.env.QUEUESCOPE_STATE_CONNECTION_STRING = live.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:9");
    resetStateClients();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const sent = await send(sendRoute, {
        method: "POST",
        params: { account: "local", queue },
        body: { text: "must not arrive", count: 3 },
      });
      expect(sent.status).toBe(503);
      expect(sent.json.error.code).toBe("audit_unavailable");
      const cleared = await send(clearRoute, { method: "DELETE", params: { account: "local", queue } });
      expect(cleared.status).toBe(503);
      expect(cleared.json.error.code).toBe("audit_unavailable");
    } finally {
      process.env.QUEUESCOPE_STATE_CONNECTION_STRING = live;
      resetStateClients();
      errors.mockRestore();
    }
    expect(await count()).toBe(before);
    // The refusal was printed for log collectors, though the store could not keep it.
    expect(
      vi
        .mocked(console.log)
        .mock.calls.map(([l]) => String(l))
        .some((l) => l.includes('"error":"audit_unavailable"')),
    ).toBe(true);
    expect(await auditEntries()).toEqual([]);
  });

  it("counts 2,000 refused anonymous POSTs in a handful of entries instead of appending 2,000", async () => {
    await configureSignIn("anonymous");
    const before = await count();
    const statuses = new Map<number, number>();
    for (let batch = 0; batch < 10; batch++) {
      const answers = await Promise.all(
        Array.from({ length: 200 }, () =>
          send(sendRoute, { method: "POST", params: { account: "local", queue }, body: { text: "x" } }),
        ),
      );
      for (const a of answers) statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
    }
    expect(Object.fromEntries(statuses)).toEqual({ 401: 2000 });
    expect(await count()).toBe(before);
    const entries = await auditEntries();
    // One per minute (a run that crosses a minute boundary has two), adding up to every refusal.
    expect(entries.length).toBeLessThanOrEqual(2);
    expect(
      entries.every(
        (e) =>
          e.user === "anonymous" &&
          e.action === "message.send" &&
          e.outcome === "denied" &&
          e.status === 401 &&
          e.error === "unauthorized",
      ),
    ).toBe(true);
    expect(entries.reduce((n, e) => n + (e.counts?.attempts ?? 0), 0)).toBe(2000);
  });

  it("lists signed-in users' refusals one by one (they are few, and say who)", async () => {
    await configureSignIn("signed-in-refusals");
    const cookie = await sessionFor(USERS.viewer);
    for (let i = 0; i < 3; i++)
      expect(
        (await send(sendRoute, { method: "POST", params: { account: "local", queue }, body: { text: "x" }, cookie }))
          .status,
      ).toBe(403);
    const refusals = (await auditEntries()).filter((e) => e.action === "message.send");
    expect(refusals).toHaveLength(3);
    expect(refusals.every((e) => e.user === USERS.viewer.username && e.outcome === "denied" && !e.counts)).toBe(true);
    expect(new Set(refusals.map((e) => e.id)).size).toBe(3);
  });
});
