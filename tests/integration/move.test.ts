import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as moveRoute } from "@/app/api/accounts/[account]/queues/[queue]/move/route";
import { DELETE as cancelRoute, GET as jobRoute } from "@/app/api/jobs/[id]/route";
import { GET as jobsRoute } from "@/app/api/jobs/route";
import { moveMessages } from "@/lib/jobs/move";
import { jobSettled, resetJobRuntime } from "@/lib/jobs/runner";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "@/lib/config/accounts";
import { mapLimit } from "@/lib/util/map-limit";
import { startAzurite, type AzuriteProcess } from "../../scripts/lib/azurite";
import {
  azuriteUrl,
  call,
  drainCounted,
  drainQueue,
  emulatorService,
  moveOutcome,
  uniquePrefix,
  useEnv,
} from "../support/api";

const prefix = uniquePrefix("move");
let n = 0;
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const mixed = (count: number, tag: string) =>
  Array.from({ length: count }, (_, i) =>
    i % 3 === 0 ? b64(`{"n":${i},"tag":"${tag}"}`) : i % 3 === 1 ? `plain ${tag} ${i}` : `ünïcødé ${tag} ${i} 🚚`,
  );

async function queues(texts: string[], url = azuriteUrl()) {
  const service = emulatorService(url);
  const source = service.getQueueClient(`${prefix}-src${n}`);
  const target = service.getQueueClient(`${prefix}-dst${n++}`);
  await source.create();
  await target.create();
  await mapLimit(texts, 16, (t) => source.sendMessage(t));
  return { source, target };
}

const drain = drainQueue;

const count = async (q: { getProperties(): Promise<{ approximateMessagesCount?: number }> }) =>
  (await q.getProperties()).approximateMessagesCount ?? 0;
const move = (source: string, body: unknown, account = "local") =>
  call(moveRoute, { method: "POST", params: { account, queue: source }, body });

beforeAll(() => {
  useEnv({ QUEUESCOPE_DATA_DIR: mkdtempSync(path.join(tmpdir(), "qs-jobs-")) });
  resetJobRuntime();
});

describe("POST /api/accounts/{a}/queues/{q}/move", () => {
  it("moves 500 mixed messages byte for byte", async () => {
    const texts = mixed(500, "a");
    const { source, target } = await queues(texts);
    const res = await move(source.name, { to: target.name });
    expect(res.status).toBe(202);
    expect(res.json.job).toMatchObject({
      kind: "move",
      state: "running",
      source: source.name,
      target: target.name,
      total: 500,
    });
    await jobSettled(res.json.job.id);
    const job = (await call(jobRoute, { params: { id: res.json.job.id } })).json;
    expect(job).toMatchObject({ state: "succeeded", processed: 500, failed: 0, duplicated: 0, error: null });
    expect((await drain(target)).sort()).toEqual([...texts].sort());
    expect(await count(source)).toBe(0);
  });

  it("moves only the first N, and applies a transform, keeping base64 as base64", async () => {
    const { source, target } = await queues([
      b64('{"status":"poisoned"}'),
      b64('{"status":"poisoned"}'),
      '{"status":"poisoned"}',
    ]);
    const res = await move(source.name, {
      to: target.name,
      max: 2,
      transform: { kind: "json-set", path: "status", value: "retry" },
    });
    await jobSettled(res.json.job.id);
    expect((await call(jobRoute, { params: { id: res.json.job.id } })).json).toMatchObject({
      state: "succeeded",
      processed: 2,
    });
    expect((await drain(target)).sort()).toEqual([b64('{"status":"retry"}'), b64('{"status":"retry"}')]);
    expect(await count(source)).toBe(1);
  });

  it("allows one move per source: a second is 409 with the running job's id; cancel loses nothing", async () => {
    const texts = mixed(200, "c");
    const { source, target } = await queues(texts);
    const first = await move(source.name, { to: target.name, ratePerSecond: 100 });
    const second = await move(source.name, { to: target.name });
    expect(second.status).toBe(409);
    expect(second.json.error).toMatchObject({ code: "job_conflict", details: { jobId: first.json.job.id } });

    await new Promise((r) => setTimeout(r, 500));
    const cancel = await call(cancelRoute, { method: "DELETE", params: { id: first.json.job.id } });
    expect(cancel.status).toBe(200);
    await jobSettled(first.json.job.id);
    const job = (await call(jobRoute, { params: { id: first.json.job.id } })).json;
    expect(job.state).toBe("cancelled");
    expect(job.processed).toBeGreaterThan(0);
    expect(job.processed).toBeLessThan(200);
    // Each message is counted once: moved (gone from the source), or still in the source. Only a
    // call the cancel cut off leaves it unknown which (counted as duplicated, never lost).
    const counted = (await count(source)) + job.processed;
    expect(counted).toBeLessThanOrEqual(200);
    expect(counted).toBeGreaterThanOrEqual(200 - job.duplicated);
    const moved = await drain(target);
    // Released at once; on a loaded machine a release the cancel's grace cut off lands a little
    // later (the batches' visibility is 30 s at most).
    const left = await drainCounted(source, 35_000);
    const outcome = moveOutcome(texts, left, moved);
    expect(outcome.missing).toEqual([]);
    expect(outcome.strangers).toEqual([]);
    expect(outcome.extra).toBeLessThanOrEqual(job.duplicated);
    expect(moved.length).toBeGreaterThanOrEqual(job.processed);
    expect((await call(jobsRoute)).json.jobs.map((j: { id: string }) => j.id)).toContain(job.id);
  });

  it.each([
    [{ to: "SAME" }, 400, "validation_failed"],
    [{ to: "x" }, 400, "validation_failed"],
    [{}, 400, "validation_failed"],
    [{ to: "nowhere-at-all", max: 0 }, 400, "validation_failed"],
    [{ to: "nowhere-at-all", ratePerSecond: -1 }, 400, "validation_failed"],
    [{ to: "nowhere-at-all", transform: { kind: "eval", code: "process.exit()" } }, 400, "validation_failed"],
    [{ to: "nowhere-at-all" }, 404, "queue_not_found"],
  ])("refuses %j", async (body, status, code) => {
    const { source } = await queues(["stay"]);
    const res = await move(
      source.name,
      JSON.parse(JSON.stringify(body).replace('"SAME"', JSON.stringify(source.name))),
    );
    expect(res.status).toBe(status);
    expect(res.json.error.code).toBe(code);
    expect(await count(source)).toBe(1);
  });

  it("answers 404 for unknown jobs", async () => {
    for (const id of ["00000000-0000-0000-0000-000000000000", "../../etc/passwd"]) {
      expect((await call(jobRoute, { params: { id } })).json.error.code).toBe("job_not_found");
    }
  });
});

describe("faults", () => {
  it("counts a pop receipt that expired and was taken by another consumer as duplicated", async () => {
    const { source, target } = await queues(["slow one"]);
    const result = await moveMessages(
      {
        receive: async (c, vt) =>
          (await source.receiveMessages({ numberOfMessages: c, visibilityTimeout: vt })).receivedMessageItems.map(
            (m) => ({ id: m.messageId, popReceipt: m.popReceipt, text: m.messageText }),
          ),
        send: async (text) => {
          // The visibility timeout runs out while we send, and another consumer receives the message.
          await new Promise((r) => setTimeout(r, 1500));
          await source.receiveMessages({ numberOfMessages: 1, visibilityTimeout: 60 });
          await target.sendMessage(text);
        },
        remove: async (id, receipt) => void (await source.deleteMessage(id, receipt)),
      },
      { signal: new AbortController().signal, onProgress: () => {}, visibilityTimeout: 1, workers: 1 },
    );
    expect(result).toMatchObject({ moved: 0, failed: 0, duplicated: 1 });
    expect(result.error).toBeUndefined();
    expect(await drain(target)).toEqual(["slow one"]);
    expect(await count(source)).toBe(1);
  });

  describe("Azurite stopped mid-move, restarted, move resumed", () => {
    let azurite: AzuriteProcess;
    let location: string;
    beforeAll(async () => {
      location = mkdtempSync(path.join(tmpdir(), "qs-azurite-"));
      azurite = await startAzurite({ port: 0, location });
    });
    afterAll(() => azurite.stop());

    it("loses nothing", async () => {
      const texts = mixed(150, "f");
      const { source, target } = await queues(texts, azurite.accountUrl);
      const file = path.join(location, "accounts.json");
      writeFileSync(
        file,
        JSON.stringify([
          {
            id: "flaky",
            name: "Flaky",
            accountName: EMULATOR_ACCOUNT_NAME,
            accountKey: EMULATOR_ACCOUNT_KEY,
            queueEndpoint: azurite.accountUrl,
          },
        ]),
      );
      // Each call to the stopped emulator is given up after 5 s (not the jobs' 45 s), so the
      // move's retries run out in about 20 s instead of a minute; what is asserted is the same.
      useEnv({ QUEUESCOPE_ACCOUNTS: file, QUEUESCOPE_STORAGE_DEADLINE_MS: "5000" });

      const first = await move(source.name, { to: target.name, ratePerSecond: 60 }, "flaky");
      expect(first.status).toBe(202);
      await new Promise((r) => setTimeout(r, 800));
      await azurite.stop();
      await jobSettled(first.json.job.id);
      const failed = (await call(jobRoute, { params: { id: first.json.job.id } })).json;
      expect(failed.state).toBe("failed");
      expect(failed.error).toMatch(/did not answer|unavailable|reachable/i);

      azurite = await startAzurite({ port: azurite.port, location });
      const second = await move(source.name, { to: target.name }, "flaky");
      await jobSettled(second.json.job.id);
      // Messages the failed move held stay hidden until their visibility ends: the second move says so.
      const resumed = (await call(jobRoute, { params: { id: second.json.job.id } })).json;
      if (resumed.state !== "succeeded")
        expect(resumed).toMatchObject({ state: "partial", note: expect.stringMatching(/invisible/) });

      const moved = await drain(target);
      for (const t of moved) expect(texts).toContain(t);
      // Every message is in the target, or back in (or invisible in) the source; duplicates only from the fault.
      const inSource = await count(source);
      expect(moved.length + inSource).toBeGreaterThanOrEqual(150);
      expect(moved.length + inSource - 150).toBeLessThanOrEqual(failed.duplicated);
      // The counts stay true across the fault (once, one of these showed 2,194 processed of 2,000):
      // each message counted moved is in the target, and every copy there is counted once.
      const processed = failed.processed + resumed.processed;
      expect(processed).toBeLessThanOrEqual(150);
      expect(new Set(moved).size).toBeGreaterThanOrEqual(processed);
      expect(moved.length).toBeLessThanOrEqual(processed + failed.duplicated + resumed.duplicated);
      useEnv({ QUEUESCOPE_ACCOUNTS: undefined, QUEUESCOPE_STORAGE_DEADLINE_MS: undefined });
    }, 120_000);
  });
});
