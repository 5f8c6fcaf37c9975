// A move through a flaky path to a real Azurite: transient faults (503 ServerBusy, answers lost
// after the service did the work) are retried and the job succeeds with every message moved and
// every extra copy counted; a permanent refusal fails it at once, losing nothing.
import type { QueueClient } from "@azure/storage-queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as moveRoute } from "@/app/api/accounts/[account]/queues/[queue]/move/route";
import { GET as jobRoute } from "@/app/api/jobs/[id]/route";
import { EMULATOR_ACCOUNT_NAME } from "@/lib/config/accounts";
import { jobSettled, resetJobEngine } from "@/lib/jobs/runner";
import { mapLimit } from "@/lib/util/map-limit";
import {
  azuriteUrl,
  call,
  drainQueue as drain,
  emulatorAccountsFile,
  emulatorService,
  multiset,
  uniquePrefix,
  useEnv,
} from "../support/api";
import { startFlakyProxy, type FlakyProxy, type Fault, type Request } from "../support/flaky-proxy";

const prefix = uniquePrefix("retry");
let n = 0;
let proxy: FlakyProxy;
let fault: (r: Request) => Fault | undefined = () => undefined;

const job = async (id: string) => (await call(jobRoute, { params: { id } })).json;
const move = (source: string, body: unknown) =>
  call(moveRoute, { method: "POST", params: { account: "flaky", queue: source }, body });

async function queue(texts: string[] = []): Promise<QueueClient> {
  const q = emulatorService().getQueueClient(`${prefix}-${n++}`);
  await q.create();
  await mapLimit(texts, 16, (t) => q.sendMessage(t));
  return q;
}

const isSend = (r: Request) => r.method === "POST" && /\/messages(\?|$)/.test(r.path);

beforeAll(async () => {
  proxy = await startFlakyProxy(new URL(azuriteUrl()).origin, (r) => fault(r));
  const file = emulatorAccountsFile("flaky", `${proxy.origin}/${EMULATOR_ACCOUNT_NAME}`);
  useEnv({ QUEUESCOPE_ACCOUNTS: file });
  resetJobEngine();
});

afterAll(async () => {
  fault = () => undefined;
  useEnv({ QUEUESCOPE_ACCOUNTS: undefined });
  await proxy.close();
});

describe("a move on a flaky path", () => {
  it("503s and lost answers are retried: the job succeeds, nothing is lost, each extra copy is a counted duplicate", async () => {
    // Every 25th message's first send reaches the queue and its answer is lost; every 9th call is
    // refused as busy, once per distinct request: a retry that lands on another 9th call (other
    // calls interleave at random on a loaded machine) is not refused again, so no call can run out
    // of retries by chance.
    const original = Array.from({ length: 300 }, (_, i) => `flaky ${i}${i % 25 === 0 ? " [lose]" : ""}`);
    const source = await queue(original);
    const target = await queue();
    const lost = new Set<string>();
    const refused = new Set<string>();
    fault = (r) => {
      if (isSend(r)) {
        const tagged = /flaky (\d+) \[lose\]/.exec(r.body)?.[1];
        if (tagged !== undefined && !lost.has(tagged)) {
          lost.add(tagged);
          return "lost-answer";
        }
      }
      const key = `${r.method} ${r.path} ${r.body}`;
      if (r.n % 9 !== 0 || refused.has(key)) return undefined;
      refused.add(key);
      return "busy";
    };
    const res = await move(source.name, { to: target.name });
    expect(res.status).toBe(202);
    await jobSettled(res.json.job.id);
    fault = () => undefined;
    const ended = await job(res.json.job.id);
    expect(ended, `${ended.error} ${ended.note}`).toMatchObject({ state: "succeeded", processed: 300 });
    expect(proxy.counts.busy).toBeGreaterThan(50);
    expect(lost.size).toBe(12);

    const moved = await drain(target);
    expect(await drain(source)).toEqual([]);
    const all = multiset(moved);
    for (const t of original) expect(all.get(t) ?? 0, t).toBeGreaterThanOrEqual(1);
    // The lost answers' sends had landed: each of those twelve is in the target twice, and counted.
    expect(moved.length).toBe(312);
    expect(ended.duplicated).toBe(12);
  });

  it("a permanent refusal (403) fails the job at once and honestly, and every message stays in the source", async () => {
    const original = Array.from({ length: 100 }, (_, i) => `refused ${i}`);
    const source = await queue(original);
    const target = await queue();
    fault = (r) => (isSend(r) ? "forbidden" : undefined);
    const started = Date.now();
    const res = await move(source.name, { to: target.name });
    expect(res.status).toBe(202);
    await jobSettled(res.json.job.id);
    fault = () => undefined;
    // One try per send: no backoff was spent on a refusal.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await job(res.json.job.id)).toMatchObject({
      state: "failed",
      processed: 0,
      error: expect.stringMatching(/not allowed|rejected/),
    });
    expect(await drain(target)).toEqual([]);
    expect((await source.getProperties()).approximateMessagesCount).toBe(100);
  });
});
