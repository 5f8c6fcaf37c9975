// Adversarial cases for the durable job engine (issue 13), each against a real Azurite (queue,
// blob and table): a state store that blips or goes silent, a second instance racing a start, a
// handover of a move with `max`, the cancel of a job whose owner died, and a move whose transform
// fails. Each test names the promise it checks: nothing lost, counts honest, locks never held
// forever, never two jobs on one queue.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { QueueClient } from "@azure/storage-queue";
import { beforeAll, describe, expect, it } from "vitest";
import { DELETE as clearRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/route";
import { POST as moveRoute } from "@/app/api/accounts/[account]/queues/[queue]/move/route";
import { DELETE as cancelRoute, GET as jobRoute } from "@/app/api/jobs/[id]/route";
import { lockQueues, unlockQueues } from "@/lib/jobs/locks";
import { moveMessages } from "@/lib/jobs/move";
import { createJobRecord, saveCheckpoint } from "@/lib/jobs/records";
import { adoptOrphans, jobSettled, resetJobEngine, stopLocalJobs } from "@/lib/jobs/runner";
import { acquireLease } from "@/lib/state/lease";
import { mapLimit } from "@/lib/util/map-limit";
import type { JobDto } from "@/lib/validation/jobs";
import { call, drainQueue, emulatorService, uniquePrefix, useEnv } from "../support/api";
import { startSilentProxy } from "../support/silent-proxy";
import { redirectState, stateOrigin } from "../support/state-redirect";

const prefix = uniquePrefix("adv");
let n = 0;
const params = (queue: string, account = "local") => ({ account, queue });
const move = (source: string, body: unknown) => call(moveRoute, { method: "POST", params: params(source), body });
const job = async (id: string): Promise<JobDto> => (await call(jobRoute, { params: { id } })).json;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function queue(texts: string[] = []): Promise<QueueClient> {
  const q = emulatorService().getQueueClient(`${prefix}-${n++}`);
  await q.create();
  await mapLimit(texts, 16, (t) => q.sendMessage(t));
  return q;
}

const drain = drainQueue;

const count = async (q: QueueClient) => (await q.getProperties()).approximateMessagesCount ?? 0;
const texts = (k: number, tag: string) => Array.from({ length: k }, (_, i) => `${tag} ${i} ✓`);
const sorted = (xs: string[]) => [...xs].sort();

/** A port nothing listens on: every call to it is refused at once (a state store that blips). */
async function refusedOrigin(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

beforeAll(() => {
  useEnv({ QUEUESCOPE_DATA_DIR: mkdtempSync(path.join(tmpdir(), "qs-adversarial-")) });
  resetJobEngine();
});

describe("queue locks", () => {
  it("a job's lock taken a moment before its record is written is not stale: a clear or a second job is refused", async () => {
    // launchJob locks the queues first and writes the job record after. Another instance that
    // tries the same queue in between finds a lock whose job it cannot read yet.
    const source = await queue(["stays"]);
    const other = await queue();
    const id = randomUUID();
    await lockQueues("local", [source.name], id, "move");
    try {
      const clear = await call(clearRoute, { method: "DELETE", params: params(source.name) });
      const second = await move(source.name, { to: other.name });
      if (second.status === 202) await jobSettled(second.json.job.id);
      expect([clear.status, second.status]).toEqual([409, 409]);
      expect(await count(source)).toBe(1);
    } finally {
      await unlockQueues("local", [source.name], id);
    }
  });
});

describe("the state store blips while a job ends", () => {
  it("a move whose end could not be written is handed back (its lease released), adopted and finished; nothing lost", async () => {
    const original = texts(100, "blip");
    const source = await queue(original);
    const target = await queue();
    const res = await move(source.name, { to: target.name, ratePerSecond: 25 });
    expect(res.status).toBe(202);
    const id = res.json.job.id as string;
    await sleep(1_000);
    // The table endpoint refuses for a while (the blob endpoint, and so the lease, stays healthy).
    const restore = redirectState("Table", await refusedOrigin());
    try {
      await jobSettled(id); // the run ended: its checkpoints and the end of the job could not be written
    } finally {
      restore();
    }
    expect((await job(id)).state).toBe("running");
    // Another instance adopts it once the store answers again; nobody must keep its lease alive.
    resetJobEngine();
    expect(await adoptOrphans()).toBe(1);
    await jobSettled(id);
    const ended = await job(id);
    expect(ended).toMatchObject({ state: "succeeded", processed: 100 });
    const moved = await drain(target);
    expect(sorted([...new Set(moved)])).toEqual(sorted(original));
    expect(await count(source)).toBe(0);
  }, 120_000);
});

describe("the state store's blob endpoint silent", () => {
  it("cancel of a job nobody runs answers within its deadline instead of hanging on the lease check", async () => {
    const source = await queue(texts(5, "nolease"));
    const target = await queue();
    useEnv({ QUEUESCOPE_WORKERS: "0" }); // an API-only instance starts it: nobody holds its lease yet
    let id: string;
    try {
      const res = await move(source.name, { to: target.name });
      expect(res.status).toBe(202);
      id = res.json.job.id;
    } finally {
      useEnv({ QUEUESCOPE_WORKERS: undefined });
    }
    const proxy = await startSilentProxy(stateOrigin("Blob"), { silent: true });
    const restore = redirectState("Blob", proxy.origin);
    let outcome: string;
    const started = Date.now();
    let elapsed: number;
    try {
      outcome = await Promise.race([
        call(cancelRoute, { method: "DELETE", params: { id } }).then(
          (r) => `${r.status} ${r.json?.error?.code ?? r.json?.state}`,
        ),
        sleep(25_000).then(() => "no answer after 25 s"),
      ]);
      elapsed = Date.now() - started;
    } finally {
      restore();
      await proxy.close();
    }
    // Once the store answers the cancel goes through.
    expect((await call(cancelRoute, { method: "DELETE", params: { id } })).json.state).toBe("cancelled");
    expect(outcome).toBe("503 state_unavailable");
    expect(elapsed).toBeLessThan(20_000);
  }, 60_000);

  it("taking a lease fails within the deadline instead of hanging", async () => {
    await acquireLease(`warm-${randomUUID()}`).then((l) => l?.release()); // the container exists
    const proxy = await startSilentProxy(stateOrigin("Blob"), { silent: true });
    const restore = redirectState("Blob", proxy.origin);
    const started = Date.now();
    let outcome: string;
    try {
      outcome = await Promise.race([
        acquireLease(`silent-${randomUUID()}`).then(
          (l) => (l ? "acquired" : "refused"),
          (err: { code?: string }) => err.code ?? "error",
        ),
        sleep(25_000).then(() => "no answer after 25 s"),
      ]);
    } finally {
      restore();
      await proxy.close();
    }
    expect(outcome).toBe("state_unavailable");
    expect(Date.now() - started).toBeLessThan(20_000);
  }, 60_000);
});

describe("counts across a handover", () => {
  it("a move with max handed over mid-batch moves at most max, and counts what it moved", async () => {
    const source = await queue(texts(200, "max"));
    const target = await queue();
    const res = await move(source.name, { to: target.name, max: 100, ratePerSecond: 30 });
    expect(res.status).toBe(202);
    const id = res.json.job.id as string;
    await sleep(1_500); // every worker holds its batch and part of it is sent
    await stopLocalJobs();
    resetJobEngine();
    expect(await adoptOrphans()).toBe(1);
    await jobSettled(id);
    const ended = await job(id);
    const moved = await drain(target);
    expect(moved.length).toBeLessThanOrEqual(100);
    expect(ended.processed).toBe(moved.length);
    expect(await count(source)).toBe(200 - moved.length);
  }, 120_000);

  it("cancel of a job whose owner died keeps what its workers checkpointed", async () => {
    // What a dead owner leaves: a running record whose counts lag (flushed every second) and
    // worker checkpoints holding the exact tallies.
    const source = await queue(texts(10, "left"));
    const target = await queue(texts(40, "moved"));
    const id = randomUUID();
    await lockQueues("local", [source.name, target.name], id, "move");
    const dto: JobDto = {
      id,
      kind: "move",
      state: "running",
      account: "local",
      source: source.name,
      target: target.name,
      total: 50,
      processed: 0,
      failed: 0,
      duplicated: 0,
      error: null,
      note: null,
      options: {},
      createdAt: new Date().toISOString(),
      finishedAt: null,
    };
    await createJobRecord({ job: dto, input: undefined, cancelRequested: false, owner: "an-instance-that-died" });
    await saveCheckpoint(id, 0, 0, { held: [], heldUntil: null, tally: { processed: 32, failed: 0, duplicated: 0 } });
    await saveCheckpoint(id, 0, 1, { held: [], heldUntil: null, tally: { processed: 8, failed: 0, duplicated: 0 } });
    const res = await call(cancelRoute, { method: "DELETE", params: { id } });
    expect(res.json).toMatchObject({ state: "cancelled", processed: 40 });
    expect(await job(id)).toMatchObject({ state: "cancelled", processed: 40 });
  });
});

describe("move selected messages", () => {
  it("a few large picked messages (the browser sends each one's text) can be moved", async () => {
    const big = ["a", "b", "c"].map((c) => c.repeat(20_000));
    const source = await queue(big);
    const target = await queue();
    const held = (await source.receiveMessages({ numberOfMessages: 3, visibilityTimeout: 120 })).receivedMessageItems;
    const res = await move(source.name, {
      to: target.name,
      messages: held.map((m) => ({ id: m.messageId, popReceipt: m.popReceipt, text: m.messageText })),
    });
    expect(res.status).toBe(202);
    await jobSettled(res.json.job.id);
    expect(await job(res.json.job.id)).toMatchObject({ state: "succeeded", processed: 3 });
    expect(sorted(await drain(target))).toEqual(big);
  });
});

describe("transforms that fail", () => {
  it("a message whose transform fails is counted failed once, even when it reappears during the move", async () => {
    const good = Array.from({ length: 20 }, (_, i) => JSON.stringify({ n: i, status: "poisoned" }));
    const source = await queue(["not json at all", ...good]);
    const target = await queue();
    const result = await moveMessages(
      {
        receive: async (c, vt) =>
          (await source.receiveMessages({ numberOfMessages: c, visibilityTimeout: vt })).receivedMessageItems.map(
            (m) => ({
              id: m.messageId,
              popReceipt: m.popReceipt,
              text: m.messageText,
              expiresOn: m.expiresOn.toISOString(),
            }),
          ),
        send: async (text) => void (await target.sendMessage(text)),
        remove: async (id, receipt) => void (await source.deleteMessage(id, receipt)),
      },
      // A short visibility stands in for a long move: the failed message reappears before the end.
      {
        signal: new AbortController().signal,
        onProgress: () => {},
        visibilityTimeout: 1,
        workers: 1,
        ratePerSecond: 8,
        transform: { kind: "json-set", path: "status", value: "retry" },
      },
    );
    expect(result).toMatchObject({ moved: 20, failed: 1 });
    expect((await drain(target)).length).toBe(20);
    expect(await count(source)).toBe(1); // the one it could not move, hidden for a second
    await sleep(1_500);
    expect(await drain(source)).toEqual(["not json at all"]);
  });
});
