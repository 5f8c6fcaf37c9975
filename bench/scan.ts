// Issue 16: a predicate purge of 10,000 messages (10% match) through the API vs the best raw-SDK
// receive / act / release loop, in the same run.
import { QueueServiceClient, StorageSharedKeyCredential, type QueueClient } from "@azure/storage-queue";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../lib/config/accounts";
import { mapLimit } from "../lib/util/map-limit";
import { benchBed, table, type InterleavedResult } from "./support";

const MESSAGES = Number(process.env.BENCH_SCAN_MESSAGES ?? 10_000);
const MATCH_EVERY = 10;
const RAW_RECEIVERS = (process.env.BENCH_SCAN_RECEIVERS ?? "4,8,16").split(",").map(Number);
/** BENCH_SCAN_PATHS=loopback: only those paths (a 10,000-message scan on this emulator takes minutes a run). */
const PATHS = process.env.BENCH_SCAN_PATHS?.split(",");
const credential = new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY);
const where = { json: { path: "$.error", equals: "Timeout" } };
let run = 0;

/** Base64 JSON as Azure Functions writes it; every tenth is a Timeout. */
async function seeded(directUrl: string, viaUrl: string) {
  const name = `bench-scan-${run++}`;
  const direct = new QueueServiceClient(directUrl, credential).getQueueClient(name);
  await direct.create();
  await mapLimit(
    Array.from({ length: MESSAGES }, (_, i) => i),
    64,
    (i) =>
      direct.sendMessage(
        Buffer.from(JSON.stringify({ n: i, error: i % MATCH_EVERY === 0 ? "Timeout" : "None" })).toString("base64"),
      ),
  );
  return { name, via: new QueueServiceClient(viaUrl, credential).getQueueClient(name), check: direct };
}

function matches(text: string): boolean {
  try {
    return (JSON.parse(Buffer.from(text, "base64").toString("utf8")) as { error?: string }).error === "Timeout";
  } catch {
    return false;
  }
}

/** The best a hand-written loop does: parallel receivers, deletes of matches in flight, non-matches held and released at the end. */
async function rawLoop(q: QueueClient, workers: number, releaseConcurrency: number) {
  let drained = false;
  const held: { id: string; receipt: string }[] = [];
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!drained) {
        const batch = (await q.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 300 })).receivedMessageItems;
        if (!batch.length) {
          drained = true;
          return;
        }
        await Promise.all(
          batch.map(async (m) => {
            if (matches(m.messageText)) await q.deleteMessage(m.messageId, m.popReceipt);
            else held.push({ id: m.messageId, receipt: m.popReceipt });
          }),
        );
      }
    }),
  );
  await mapLimit(held, releaseConcurrency, (h) => q.updateMessage(h.id, h.receipt, undefined, 0));
}

/** Runs a purge; its state carries `seconds`, from the request to the end the job recorded (the same clock). */
async function viaJob(base: string, account: string, queue: string, what: object = where) {
  const startedAt = Date.now();
  const res = await fetch(`${base}/api/accounts/${account}/queues/${queue}/messages/purge`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ where: what }),
  });
  if (res.status !== 202) throw new Error(`purge answered ${res.status}: ${await res.text()}`);
  const { job } = await res.json();
  for (;;) {
    // Polled once a second, as the jobs page does: the end is the job's own, and a faster poller
    // would take CPU from the job it measures.
    await new Promise((r) => setTimeout(r, 1000));
    const res = await fetch(`${base}/api/jobs/${job.id}`).catch(() => null);
    if (!res?.ok) continue; // a 503 on a starved machine is not the job's end
    const state = await res.json();
    if (state.state !== "running") {
      if (state.state !== "succeeded") throw new Error(`job ${state.state}: ${state.error ?? state.note}`);
      return { ...state, seconds: (Date.parse(state.finishedAt) - startedAt) / 1000 };
    }
  }
}

/** Messages per second scanned, checked: exactly the non-matches are left, all visible again. */
async function rate(fn: () => Promise<unknown>, check: QueueClient): Promise<number> {
  const started = performance.now();
  const run = (await fn()) as { seconds?: number } | void;
  const seconds = run?.seconds ?? (performance.now() - started) / 1000;
  const left = (await check.getProperties()).approximateMessagesCount ?? 0;
  const expected = MESSAGES - Math.ceil(MESSAGES / MATCH_EVERY);
  if (left !== expected) throw new Error(`left ${left}, expected ${expected}`);
  const visible = (await check.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.length;
  if (visible === 0) throw new Error("the non-matches were not released");
  return MESSAGES / seconds;
}

// As in the move bench: the raw loop's receiver count is chosen first, from one run of each (not
// counted); then the job and the raw loop at that count run this many times each, interleaved, and
// the best of each is compared. (Before, one job run was compared with the best of three raw runs.)
const ROUNDS = Number(process.env.BENCH_SCAN_ROUNDS ?? 2);

export async function benchScan() {
  const bed = await benchBed("scan");
  const { server, fresh, directUrl } = bed;
  const results: Record<string, InterleavedResult> = {};
  const per1000 = (a: number, b: number) => (((b - a) * 1000) / MESSAGES).toFixed(2);
  const raw = async (label: string, url: string, workers: number) => {
    await fresh();
    const p = await seeded(directUrl, url);
    const [own0, cpu0] = [process.cpuUsage(), bed.cpu()];
    const r = await rate(() => rawLoop(p.via, workers, 64), p.check);
    const [own, cpu1] = [process.cpuUsage(own0), bed.cpu()];
    console.log(
      `${label}: raw loop, ${workers} receivers ${r.toFixed(0)}/s (CPU s per 1,000: client ${(((own.user + own.system) / 1e6) * (1000 / MESSAGES)).toFixed(2)}, queue Azurite ${per1000(cpu0.queue, cpu1.queue)})`,
    );
    return r;
  };
  try {
    for (const [label, account, url] of bed.paths.filter(([label]) => !PATHS || PATHS.includes(label))) {
      const calibration: Record<number, number> = {};
      // One receiver count given: nothing to choose, no calibration run.
      if (RAW_RECEIVERS.length === 1) calibration[RAW_RECEIVERS[0]!] = 0;
      else for (const workers of RAW_RECEIVERS) calibration[workers] = await raw(`${label} (choosing)`, url, workers);
      const bestWorkers = RAW_RECEIVERS.reduce((a, b) => (calibration[b]! > calibration[a]! ? b : a));
      const jobRuns: number[] = [];
      const rawRuns: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        await fresh();
        const j = await seeded(directUrl, url);
        // The server's pooled connections died with the last Azurite (the raw loop gets a new client
        // each run): a small purge first, so the measured one does not pay for reconnecting.
        const warm = new QueueServiceClient(directUrl, credential).getQueueClient(`bench-scan-warm-${run++}`);
        await warm.create();
        await warm.sendMessage("warm-up");
        await viaJob(server.url, account, warm.name, { contains: "warm" });
        const cpu0 = bed.cpu();
        const job = await rate(() => viaJob(server.url, account, j.name), j.check);
        const cpu1 = bed.cpu();
        console.log(
          `${label}: job ${job.toFixed(0)}/s (CPU s per 1,000: server ${per1000(cpu0.server, cpu1.server)}, queue Azurite ${per1000(cpu0.queue, cpu1.queue)}, state Azurite ${per1000(cpu0.state, cpu1.state)})`,
        );
        jobRuns.push(job);
        rawRuns.push(await raw(label, url, bestWorkers));
      }
      const job = Math.max(...jobRuns);
      const bestRaw = Math.max(...rawRuns);
      results[label] = { job, jobRuns, bestRaw, rawRuns, bestWorkers, calibration, ratio: job / bestRaw };
    }
  } finally {
    await bed.close();
  }
  console.log(
    `\nPredicate purge of ${MESSAGES.toLocaleString("en-US")} messages, 1 in ${MATCH_EVERY} matching (messages scanned per second, best of ${ROUNDS} each, interleaved; the raw loop at the receiver count that was fastest of ${RAW_RECEIVERS.join(", ")}; higher is better)\n`,
  );
  console.log(
    table([
      ["path", "job (runs)", "best raw loop (runs; receivers)", "job / best raw"],
      ...Object.entries(results).map(([label, r]) => [
        label,
        `${r.job.toFixed(0)} (${r.jobRuns.map((x) => x.toFixed(0)).join(", ")})`,
        `${r.bestRaw.toFixed(0)} (${r.rawRuns.map((x) => x.toFixed(0)).join(", ")}; ${r.bestWorkers})`,
        `${r.ratio.toFixed(2)}×`,
      ]),
    ]),
  );
  const met = Object.values(results).every((r) => r.ratio >= 0.9);
  console.log(`${met ? "MET " : "MISS"} the scan job runs at least 0.9× the best raw loop`);
  return { scan: results, targetsMet: met };
}
