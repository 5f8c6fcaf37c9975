// The durable job engine against a real Azurite (queue, blob and table): locks, faithful copies,
// honest outcomes, silent storage, adoption and an unreachable state store.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { QueueClient } from "@azure/storage-queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DELETE as queueDeleteRoute } from "@/app/api/accounts/[account]/queues/[queue]/route";
import { POST as exportRoute } from "@/app/api/accounts/[account]/queues/[queue]/export/route";
import { DELETE as clearRoute, GET as peekRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/route";
import { POST as moveRoute } from "@/app/api/accounts/[account]/queues/[queue]/move/route";
import { POST as bulkSendRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/bulk/route";
import { GET as healthRoute } from "@/app/api/health/route";
import { DELETE as cancelRoute, GET as jobRoute } from "@/app/api/jobs/[id]/route";
import { GET as jobsRoute } from "@/app/api/jobs/route";
import { listAudit } from "@/lib/auth/audit";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "@/lib/config/accounts";
import { dropCheckpoints, readCheckpoints, saveCheckpoint, unsettledIds } from "@/lib/jobs/records";
import { adoptOrphans, jobSettled, resetJobEngine, stopLocalJobs } from "@/lib/jobs/runner";
import { resetStateClients } from "@/lib/state/store";
import { mapLimit } from "@/lib/util/map-limit";
import { azuriteUrl, call, drainQueue, emulatorService, setTestEnv, uniquePrefix } from "../support/api";
import { startSilentProxy, type SilentProxy } from "../support/silent-proxy";

const prefix = uniquePrefix("eng");
let n = 0;
const params = (queue: string, account = "local") => ({ account, queue });
const move = (source: string, body: unknown, account = "local") =>
  call(moveRoute, { method: "POST", params: params(source, account), body });
const job = async (id: string) => (await call(jobRoute, { params: { id } })).json;

async function queue(texts: string[] = [], service = emulatorService()): Promise<QueueClient> {
  const q = service.getQueueClient(`${prefix}-${n++}`);
  await q.create();
  await mapLimit(texts, 16, (t) => q.sendMessage(t));
  return q;
}

const drain = drainQueue;
const count = async (q: QueueClient) => (await q.getProperties()).approximateMessagesCount ?? 0;
const texts = (k: number, tag: string) => Array.from({ length: k }, (_, i) => `${tag} ${i} ✓`);
const sorted = (xs: string[]) => [...xs].sort();

beforeAll(() => {
  setTestEnv({ QUEUESCOPE_DATA_DIR: mkdtempSync(path.join(tmpdir(), "qs-engine-")) });
  resetJobEngine();
});

describe("faithful copies", () => {
  it("keeps a never-expiring message never-expiring and a 60 s one expiring when it would have", async () => {
    const source = await queue();
    const target = await queue();
    await source.sendMessage("forever", { messageTimeToLive: -1 });
    await source.sendMessage("one minute", { messageTimeToLive: 60 });
    const before = (await source.peekMessages({ numberOfMessages: 2 })).peekedMessageItems;
    const res = await move(source.name, { to: target.name });
    await jobSettled(res.json.job.id);
    expect(await job(res.json.job.id)).toMatchObject({ state: "succeeded", processed: 2 });
    const after = (await target.peekMessages({ numberOfMessages: 2 })).peekedMessageItems;
    const forever = after.find((m) => m.messageText === "forever")!;
    const minute = after.find((m) => m.messageText === "one minute")!;
    expect(forever.expiresOn.getUTCFullYear()).toBe(9999);
    const original = before.find((m) => m.messageText === "one minute")!.expiresOn.getTime();
    // Whole seconds left are kept: the copy expires within two seconds of the original.
    expect(Math.abs(minute.expiresOn.getTime() - original)).toBeLessThanOrEqual(2_000);
  });

  it("refuses a picked message whose text the request forged; storage keeps the real one", async () => {
    const source = await queue(["real text", "other"]);
    const target = await queue();
    const held = (await source.receiveMessages({ numberOfMessages: 2, visibilityTimeout: 120 })).receivedMessageItems;
    const real = held.find((m) => m.messageText === "real text")!;
    const other = held.find((m) => m.messageText === "other")!;
    const res = await move(source.name, {
      to: target.name,
      messages: [
        { id: real.messageId, popReceipt: real.popReceipt, text: "injected" },
        { id: other.messageId, popReceipt: other.popReceipt },
      ],
    });
    expect(res.status).toBe(202);
    await jobSettled(res.json.job.id);
    expect(await job(res.json.job.id)).toMatchObject({
      state: "partial",
      processed: 1,
      failed: 1,
      note: expect.stringMatching(/did not match/),
    });
    expect(await drain(target)).toEqual(["other"]);
    expect(await drain(source)).toEqual(["real text"]);
    // Audited as what it was: partial, never ok.
    const audit = await listAudit({ action: "job.move.finished", limit: 200 });
    expect(audit.entries.find((e) => e.jobId === res.json.job.id)).toMatchObject({ outcome: "partial" });
  });
});

describe("queue locks", () => {
  it("of 8 simultaneous moves out of one queue exactly one is accepted", async () => {
    const source = await queue(texts(50, "race"));
    const targets = await Promise.all(Array.from({ length: 8 }, () => queue()));
    const answers = await Promise.all(targets.map((t) => move(source.name, { to: t.name, ratePerSecond: 20 })));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.json.error.code === "job_conflict")).toBe(true);
    const winner = answers.find((a) => a.status === 202)!.json.job.id;
    await call(cancelRoute, { method: "DELETE", params: { id: winner } });
    await jobSettled(winner);
  });

  it("refuses the reverse move (a cycle), a clear, a clear job and a delete of either end while a move runs; nothing is lost", async () => {
    const original = texts(120, "lock");
    const a = await queue(original);
    const b = await queue();
    const first = await move(a.name, { to: b.name, ratePerSecond: 40 });
    expect(first.status).toBe(202);
    const id = first.json.job.id;
    const refusals = [
      await move(b.name, { to: a.name }),
      await call(clearRoute, { method: "DELETE", params: params(b.name) }),
      await call(clearRoute, { method: "DELETE", params: params(a.name), query: { job: "1" } }),
      await call(queueDeleteRoute, { method: "DELETE", params: params(b.name) }),
      await call(queueDeleteRoute, { method: "DELETE", params: params(a.name) }),
    ];
    for (const r of refusals) expect(r.json.error).toMatchObject({ code: "job_conflict", details: { jobId: id } });
    expect(refusals.map((r) => r.status)).toEqual([409, 409, 409, 409, 409]);
    await jobSettled(id);
    expect(await job(id)).toMatchObject({ state: "succeeded", processed: 120 });
    expect(sorted(await drain(b))).toEqual(sorted(original));
    // Once the job ended the queues are free again.
    expect((await call(clearRoute, { method: "DELETE", params: params(b.name) })).status).toBe(200);
  });
});

describe("honest outcomes", () => {
  it("an empty source is nothing to do; all-invisible messages make a partial move that says so", async () => {
    const empty = await queue();
    const target = await queue();
    const none = await move(empty.name, { to: target.name });
    await jobSettled(none.json.job.id);
    expect(await job(none.json.job.id)).toMatchObject({ state: "nothing_to_do", processed: 0 });

    const hidden = await queue(texts(40, "hidden"));
    await hidden.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 300 });
    await hidden.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 300 });
    const res = await move(hidden.name, { to: target.name });
    await jobSettled(res.json.job.id);
    expect(await job(res.json.job.id)).toMatchObject({
      state: "partial",
      processed: 0,
      note: expect.stringMatching(/40 messages are invisible/),
    });
  });

  it("an export that could not read everything is partial, not succeeded", async () => {
    const q = await queue(texts(60, "exp"));
    await q.receiveMessages({ numberOfMessages: 10, visibilityTimeout: 300 }); // another reader holds 10
    const res = await call(exportRoute, { method: "POST", params: params(q.name), body: { visibilityTimeout: 60 } });
    await jobSettled(res.json.job.id);
    expect(await job(res.json.job.id)).toMatchObject({
      state: "partial",
      processed: 50,
      note: expect.stringMatching(/10 messages are invisible/),
    });
  });

  it("a cancelled move is cancelled in the job and in the audit log, never ok", async () => {
    const source = await queue(texts(200, "cancel"));
    const target = await queue();
    const res = await move(source.name, { to: target.name, ratePerSecond: 25 });
    await new Promise((r) => setTimeout(r, 600));
    await call(cancelRoute, { method: "DELETE", params: { id: res.json.job.id } });
    await jobSettled(res.json.job.id);
    const ended = await job(res.json.job.id);
    expect(ended.state).toBe("cancelled");
    const audit = await listAudit({ action: "job.move.finished", limit: 200 });
    expect(audit.entries.find((e) => e.jobId === res.json.job.id)).toMatchObject({ outcome: "cancelled" });
    // Every message is in the source or the target.
    await new Promise((r) => setTimeout(r, 100));
    expect((await count(source)) + ended.processed).toBe(200);
  });
});

describe("an owner that stops", () => {
  it("a job handed back on shutdown is adopted and finished, with every message in the target", async () => {
    const original = texts(150, "adopt");
    const source = await queue(original);
    const target = await queue();
    const res = await move(source.name, { to: target.name, ratePerSecond: 60 });
    await new Promise((r) => setTimeout(r, 800));
    await stopLocalJobs(); // this "instance" stops; the job stays running in the store
    expect((await job(res.json.job.id)).state).toBe("running");
    // What it held is visible again, and its checkpoints say so: the next owner need not wait out
    // the batches' visibility before it may call the source drained.
    const left = await count(source);
    expect((await source.peekMessages({ numberOfMessages: 32 })).peekedMessageItems).toHaveLength(Math.min(32, left));
    const checkpoints = await readCheckpoints(res.json.job.id, 0);
    expect(checkpoints.length).toBeGreaterThan(0);
    expect(checkpoints.map((c) => c.heldUntil)).toEqual(checkpoints.map(() => null));
    resetJobEngine(); // a fresh instance
    expect(await adoptOrphans()).toBe(1);
    await jobSettled(res.json.job.id);
    const ended = await job(res.json.job.id);
    // Exact counts across the handover: every message once in `processed`, possible second copies in `duplicated`.
    expect(ended).toMatchObject({ state: "succeeded", adoptions: 1, processed: 150 });
    const moved = await drain(target);
    expect(sorted([...new Set(moved)])).toEqual(sorted(original));
    expect(moved.length - original.length).toBeLessThanOrEqual(ended.duplicated);
    expect(await count(source)).toBe(0);
  }, 120_000);

  it("an import whose owner stops is not resumed (a send cannot be told apart from one not made): interrupted, saying how far it got", async () => {
    const target = await queue();
    const res = await call(bulkSendRoute, {
      method: "POST",
      params: params(target.name),
      body: { messages: texts(3_000, "import") },
    });
    expect(res.status).toBe(202);
    const id = res.json.job.id as string;
    while ((await job(id)).processed < 50) await new Promise((r) => setTimeout(r, 50));
    await stopLocalJobs();
    resetJobEngine(); // a fresh instance
    await adoptOrphans();
    await jobSettled(id);
    const ended = await job(id);
    expect(ended.state).toBe("interrupted");
    expect(`${ended.error ?? ""} ${ended.note ?? ""}`).toMatch(
      new RegExp(`stopped after ${ended.processed.toLocaleString("en-US")} messages of 3000 were sent`),
    );
    expect(ended.processed).toBeLessThan(3_000);
    // What it counted is in the queue; at most the 16 sends in flight more.
    const sent = await count(target);
    expect(sent).toBeGreaterThanOrEqual(ended.processed);
    expect(sent).toBeLessThanOrEqual(ended.processed + 16);
  });
});

describe("silent storage", () => {
  let proxy: SilentProxy;
  let accountsFile: string;
  beforeAll(async () => {
    proxy = await startSilentProxy(new URL(azuriteUrl()).origin);
    accountsFile = path.join(mkdtempSync(path.join(tmpdir(), "qs-silent-")), "accounts.json");
    writeFileSync(
      accountsFile,
      JSON.stringify([
        {
          id: "silent",
          name: "Silent",
          accountName: EMULATOR_ACCOUNT_NAME,
          accountKey: EMULATOR_ACCOUNT_KEY,
          queueEndpoint: `${proxy.origin}/${EMULATOR_ACCOUNT_NAME}`,
        },
      ]),
    );
    setTestEnv({ QUEUESCOPE_ACCOUNTS: accountsFile, QUEUESCOPE_STORAGE_DEADLINE_MS: "3000" });
  });
  afterAll(async () => {
    setTestEnv({ QUEUESCOPE_ACCOUNTS: undefined, QUEUESCOPE_STORAGE_DEADLINE_MS: undefined });
    await proxy.close();
  });

  it("health answers within 3 s, and peek answers 503 storage_unreachable, while storage is silent", async () => {
    const q = await queue(["x"]);
    proxy.silence();
    try {
      let started = Date.now();
      const health = await call(healthRoute);
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(health.json.accounts[0]).toMatchObject({ id: "silent", reachable: false });
      started = Date.now();
      const peek = await call(peekRoute, { params: params(q.name, "silent") });
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(peek.status).toBe(503);
      expect(peek.json.error.code).toBe("storage_unreachable");
    } finally {
      proxy.resume();
    }
  });

  it("a move whose storage goes silent can be cancelled within 2 s, frees its queues, and loses nothing", async () => {
    const original = texts(100, "silent");
    const source = await queue(original);
    const target = await queue();
    const res = await move(source.name, { to: target.name, ratePerSecond: 30 }, "silent");
    expect(res.status).toBe(202);
    await new Promise((r) => setTimeout(r, 700));
    proxy.silence();
    try {
      await new Promise((r) => setTimeout(r, 300));
      const asked = Date.now();
      await call(cancelRoute, { method: "DELETE", params: { id: res.json.job.id } });
      // The job says cancelled within 2 s although its calls hang (cleanup may follow).
      while ((await job(res.json.job.id)).state === "running" && Date.now() - asked < 10_000)
        await new Promise((r) => setTimeout(r, 50));
      expect(Date.now() - asked).toBeLessThan(2_000);
      expect((await job(res.json.job.id)).state).toBe("cancelled");
      await jobSettled(res.json.job.id);
    } finally {
      proxy.resume();
    }
    // The lock is gone: a clear of the target is accepted again.
    const ended = await job(res.json.job.id);
    const inTarget = await drain(target);
    await new Promise((r) => setTimeout(r, 100));
    expect(inTarget.length).toBeGreaterThanOrEqual(ended.processed);
    expect(inTarget.length).toBeLessThanOrEqual(ended.processed + ended.duplicated);
    // Every message is in the source or counted as moved, except that a delete the cancel cut off may
    // still have landed: that message is in the target only, counted as a possible duplicate.
    const accounted = (await count(source)) + ended.processed;
    expect(accounted).toBeLessThanOrEqual(100);
    expect(accounted).toBeGreaterThanOrEqual(100 - ended.duplicated);
    expect(inTarget.length - new Set(inTarget).size).toBeLessThanOrEqual(ended.duplicated);
    expect(inTarget.every((t) => original.includes(t))).toBe(true);
    expect((await call(clearRoute, { method: "DELETE", params: params(target.name, "silent") })).status).toBe(200);
  });

  it("a move whose storage goes silent mid-move and stays so fails within its deadlines, frees its queues, and loses nothing", async () => {
    const original = texts(60, "stuck");
    const source = await queue(original);
    const target = await queue();
    const res = await move(source.name, { to: target.name, ratePerSecond: 20 }, "silent");
    expect(res.status).toBe(202);
    const id = res.json.job.id as string;
    while ((await job(id)).processed < 5) await new Promise((r) => setTimeout(r, 100));
    proxy.silence();
    const silenced = Date.now();
    let ended;
    try {
      // Each call gives up at its deadline (3 s here), and a step is tried 4 times: well within 30 s.
      await jobSettled(id);
      ended = await job(id);
      expect(Date.now() - silenced).toBeLessThan(30_000);
      expect(ended).toMatchObject({ state: "failed", error: expect.stringMatching(/did not answer/) });
    } finally {
      proxy.resume();
    }
    // Nothing lost: each message is in the source (perhaps hidden until its batch's visibility
    // ends: the release at the end could not reach storage either) or was moved; the target holds
    // only originals, and no more copies than moved plus the counted duplicates.
    const inTarget = await drain(target);
    expect(inTarget.every((t) => original.includes(t))).toBe(true);
    expect(inTarget.length).toBeGreaterThanOrEqual(ended.processed);
    expect(inTarget.length).toBeLessThanOrEqual(ended.processed + ended.duplicated);
    expect((await count(source)) + new Set(inTarget).size).toBeGreaterThanOrEqual(original.length);
    // The locks are gone: a clear of either queue is accepted again.
    for (const q of [target, source])
      expect((await call(clearRoute, { method: "DELETE", params: params(q.name, "silent") })).status).toBe(200);
  });

  /**
   * What a request answers while storage is silent, with the deadlines as in production (10 s for
   * the API, 45 s for a job's calls): 503 storage_unreachable within the API's.
   */
  async function answersWithinApiDeadline(
    request: () => Promise<{ status: number; json: { error: { code: string } } }>,
  ) {
    setTestEnv({ QUEUESCOPE_STORAGE_DEADLINE_MS: undefined });
    proxy.silence();
    try {
      const asked = Date.now();
      const res = await request();
      expect(Date.now() - asked).toBeLessThan(15_000);
      expect(res.status).toBe(503);
      expect(res.json.error.code).toBe("storage_unreachable");
    } finally {
      proxy.resume();
      setTestEnv({ QUEUESCOPE_STORAGE_DEADLINE_MS: "3000" });
    }
  }

  it("a job started while storage is silent answers 503 storage_unreachable within the API's deadline, not a job call's", async () => {
    const source = await queue(texts(3, "unstarted"));
    const target = await queue();
    await answersWithinApiDeadline(() => move(source.name, { to: target.name }, "silent"));
    expect(await count(source)).toBe(3);
  });

  it("a clear while storage is silent answers 503 storage_unreachable within the API's deadline, and frees the queue", async () => {
    const q = await queue(texts(3, "kept"));
    await answersWithinApiDeadline(() => call(clearRoute, { method: "DELETE", params: params(q.name, "silent") }));
    expect(await count(q)).toBe(3);
    // Its lock went with the answer: a clear goes through now that storage answers.
    expect((await call(clearRoute, { method: "DELETE", params: params(q.name, "silent") })).status).toBe(200);
    expect(await count(q)).toBe(0);
  });
});

describe("the state store unreachable at run time", () => {
  it("answers 503 state_unavailable quickly, never a hang or a 500", async () => {
    const saved = process.env.QUEUESCOPE_STATE_CONNECTION_STRING;
    const proxy = await startSilentProxy(new URL(azuriteUrl()).origin, { silent: true });
    try {
      process.env.QUEUESCOPE_STATE_CONNECTION_STRING = saved!.replace(
        /TableEndpoint=http:\/\/[^/]+/,
        `TableEndpoint=${proxy.origin}`,
      );
      resetStateClients();
      const started = Date.now();
      const res = await call(jobsRoute);
      expect(res.status).toBe(503);
      expect(res.json.error.code).toBe("state_unavailable");
      expect(Date.now() - started).toBeLessThan(12_000);
    } finally {
      process.env.QUEUESCOPE_STATE_CONNECTION_STRING = saved;
      resetStateClients();
      await proxy.close();
    }
  }, 30_000);

  it("a state store that refuses the credential answers 503 state_unavailable saying so, and never shows the key", async () => {
    const saved = process.env.QUEUESCOPE_STATE_CONNECTION_STRING;
    const wrongKey = Buffer.from("not-the-account-key-at-all-00000").toString("base64");
    try {
      process.env.QUEUESCOPE_STATE_CONNECTION_STRING = saved!.replace(/AccountKey=[^;]+/, `AccountKey=${wrongKey}`);
      resetStateClients();
      const started = Date.now();
      const res = await call(jobsRoute);
      expect(Date.now() - started).toBeLessThan(12_000);
      expect(res.status).toBe(503);
      expect(res.json.error).toMatchObject({
        code: "state_unavailable",
        message: expect.stringMatching(/refused the credential/),
      });
      expect(res.text).not.toContain(wrongKey);
    } finally {
      process.env.QUEUESCOPE_STATE_CONNECTION_STRING = saved;
      resetStateClients();
    }
  }, 30_000);
});

describe("jobs from before the state store", () => {
  it("are imported once from .data/jobs.json, running ones as interrupted", async () => {
    const { importLegacyJobs } = await import("@/lib/jobs/import-legacy");
    const dir = mkdtempSync(path.join(tmpdir(), "qs-legacy-"));
    const base = {
      kind: "move",
      account: "local",
      source: "a",
      target: "b",
      total: 10,
      processed: 4,
      failed: 0,
      duplicated: 0,
      error: null,
      options: {},
      createdAt: new Date().toISOString(),
    };
    const ids = [crypto.randomUUID(), crypto.randomUUID()];
    writeFileSync(
      path.join(dir, "jobs.json"),
      JSON.stringify([
        { ...base, id: ids[0], state: "running", finishedAt: null },
        { ...base, id: ids[1], state: "succeeded", finishedAt: new Date().toISOString() },
      ]),
    );
    expect(await importLegacyJobs(dir)).toBe(2);
    expect(await importLegacyJobs(dir)).toBe(0); // renamed: nothing to import again
    expect(await job(ids[0]!)).toMatchObject({
      state: "interrupted",
      processed: 4,
      note: expect.stringMatching(/upgrade/),
    });
    expect(await job(ids[1]!)).toMatchObject({ state: "succeeded" });
  });
});

describe("checkpoints", () => {
  it("keep long id lists whole (past one table property's 64 KiB) and mark what a run inherited", async () => {
    const jobId = `cp-test-${prefix}`;
    const ids = Array.from({ length: 2_500 }, (_, i) => `${String(i).padStart(8, "0")}-1111-2222-3333-444455556666`);
    const tally = { processed: 7, failed: 1, duplicated: 2 };
    await saveCheckpoint(jobId, 3, "inherited", {
      held: ids,
      heldUntil: "2026-12-03T18:00:00.000Z",
      tally: { processed: 0, failed: 0, duplicated: 0 },
    });
    await saveCheckpoint(jobId, 3, 0, { held: ids.slice(0, 5), heldUntil: null, tally, seen: ids.slice(100, 1_900) });
    await saveCheckpoint(jobId, 2, 0, { held: ["other run"], heldUntil: null, tally });
    const read = await readCheckpoints(jobId, 3);
    expect(read).toHaveLength(2);
    const inherited = read.find((c) => c.inherited)!;
    expect(inherited.held).toEqual(ids);
    expect(inherited.heldUntil).toBe("2026-12-03T18:00:00.000Z");
    const worker = read.find((c) => !c.inherited)!;
    expect(worker).toMatchObject({ held: ids.slice(0, 5), seen: ids.slice(100, 1_900), tally });
    // Still unsettled: all the inherited ones no worker settled, and what the worker holds.
    const unsettled = unsettledIds(read);
    expect(unsettled.size).toBe(2_500 - 1_800);
    expect(unsettled.has(ids[0]!)).toBe(true);
    expect(unsettled.has(ids[100]!)).toBe(false);
    await dropCheckpoints(jobId);
    expect(await readCheckpoints(jobId, 3)).toEqual([]);
  });
});
