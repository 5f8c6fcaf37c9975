// Issue 5: moving 2,000 messages through the job vs the best raw-SDK pipeline vs a sequential loop.
import { QueueServiceClient, StorageSharedKeyCredential, type QueueClient } from "@azure/storage-queue";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../lib/config/accounts";
import { mapLimit } from "../lib/util/map-limit";
import { startAzurite } from "../scripts/lib/azurite";
import { benchBed, startServer, table, type InterleavedResult } from "./support";

const MESSAGES = Number(process.env.BENCH_MOVE_MESSAGES ?? 2000);
// The sequential loop is slow by design (three round trips per message): a sample gives its rate.
const SEQUENTIAL_SAMPLE = Number(process.env.BENCH_MOVE_SEQUENTIAL ?? 300);
const credential = new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY);
let run = 0;

async function pair(directUrl: string, viaUrl: string, count: number) {
  const name = `bench-move-${run++}`;
  const direct = new QueueServiceClient(directUrl, credential);
  await direct.getQueueClient(`${name}-src`).create();
  await direct.getQueueClient(`${name}-dst`).create();
  await mapLimit(
    Array.from({ length: count }, (_, i) => i),
    32,
    (i) => direct.getQueueClient(`${name}-src`).sendMessage(Buffer.from(`{"n":${i}}`).toString("base64")),
  );
  const via = new QueueServiceClient(viaUrl, credential);
  return {
    name,
    source: via.getQueueClient(`${name}-src`),
    target: via.getQueueClient(`${name}-dst`),
    check: direct.getQueueClient(`${name}-dst`),
  };
}

async function rawPipeline(source: QueueClient, target: QueueClient, workers: number) {
  let drained = false;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (!drained) {
        const batch = (await source.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 120 }))
          .receivedMessageItems;
        if (!batch.length) {
          drained = true;
          return;
        }
        await Promise.all(
          batch.map(async (m) => {
            await target.sendMessage(m.messageText);
            await source.deleteMessage(m.messageId, m.popReceipt);
          }),
        );
      }
    }),
  );
}

async function sequential(source: QueueClient, target: QueueClient) {
  for (;;) {
    const [m] = (await source.receiveMessages({ numberOfMessages: 1, visibilityTimeout: 60 })).receivedMessageItems;
    if (!m) return;
    await target.sendMessage(m.messageText);
    await source.deleteMessage(m.messageId, m.popReceipt);
  }
}

/**
 * A job's record through the API. An answer that is not the record (a 503 while the machine is
 * starved, a 429 from admission) is asked again: read as a record it looked like a job that ended.
 */
async function jobState(base: string, id: string) {
  for (let tries = 1; ; tries++) {
    const res = await fetch(`${base}/api/jobs/${id}`).catch(() => null);
    if (res?.ok) return res.json();
    if (tries >= 40) throw new Error(`GET /api/jobs/${id} answered ${res?.status ?? "nothing"} ${await res?.text()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Runs a move job; answers how long it took, from the request to the end the job recorded (the
 * same clock), and the duplicates it counted. Polled once a second, as the jobs page does: the
 * poll's granularity does not add to the time, and a faster poller would take CPU from the job.
 */
async function viaJob(base: string, account: string, source: string, target: string) {
  const startedAt = Date.now();
  const res = await fetch(`${base}/api/accounts/${account}/queues/${source}/move`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ to: target }),
  });
  if (res.status !== 202) throw new Error(`move answered ${res.status}: ${await res.text()}`);
  const { job } = await res.json();
  for (;;) {
    await new Promise((r) => setTimeout(r, 1000));
    const state = await jobState(base, job.id);
    if (state.state !== "running") {
      if (state.state !== "succeeded") throw new Error(`job ${state.state}: ${state.error}`);
      return { duplicated: state.duplicated as number, seconds: (Date.parse(state.finishedAt) - startedAt) / 1000 };
    }
  }
}

/**
 * Messages per second, checked: the target holds every message, and any extra copy is one the job
 * counted as a duplicate (a send tried again after an answer was lost on this busy machine).
 */
async function rate(
  count: number,
  fn: () => Promise<{ duplicated: number; seconds: number } | void>,
  verify: QueueClient,
): Promise<number> {
  const started = performance.now();
  const run = await fn();
  const duplicated = run?.duplicated ?? 0;
  const seconds = run?.seconds ?? (performance.now() - started) / 1000;
  const moved = (await verify.getProperties()).approximateMessagesCount ?? 0;
  if (moved < count || moved - count > duplicated)
    throw new Error(`moved ${moved} of ${count} (${duplicated} counted duplicates)`);
  if (duplicated) console.log(`  (${moved - count} extra copies, ${duplicated} counted as possible duplicates)`);
  return count / seconds;
}

/**
 * Time from an owner's death (kill -9) to another instance adopting its job: two servers on one
 * state store, a rate-limited move started on the first, the first killed mid-move.
 */
async function adoptionSeconds(): Promise<{
  adoptedAfterSeconds: number;
  finishedAfterSeconds: number;
  lost: number;
  duplicated: number;
}> {
  const azurite = await startAzurite({});
  const env = {
    AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=http;AccountName=${EMULATOR_ACCOUNT_NAME};AccountKey=${EMULATOR_ACCOUNT_KEY};QueueEndpoint=${azurite.accountUrl};`,
    QUEUESCOPE_STATE_CONNECTION_STRING: azurite.stateConnectionString,
  };
  const [first, second] = await Promise.all([startServer(env), startServer(env)]);
  try {
    const count = 1000;
    const p = await pair(azurite.accountUrl, azurite.accountUrl, count);
    const account = EMULATOR_ACCOUNT_NAME.toLowerCase();
    const res = await fetch(`${first.url}/api/accounts/${account}/queues/${p.source.name}/move`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ to: p.target.name, ratePerSecond: 100 }),
    });
    if (res.status !== 202) throw new Error(`move answered ${res.status}: ${await res.text()}`);
    const { job } = await res.json();
    const poll = () => jobState(second.url, job.id);
    while ((await poll()).processed < 200) await new Promise((r) => setTimeout(r, 100));
    first.child.kill("SIGKILL");
    const killed = performance.now();
    let adoptedAfterSeconds = 0;
    for (;;) {
      const state = await poll();
      if (!adoptedAfterSeconds && (state.adoptions ?? 0) > 0) adoptedAfterSeconds = (performance.now() - killed) / 1000;
      if (state.state !== "running") {
        if (state.state !== "succeeded")
          throw new Error(`adopted job ended ${state.state}: ${state.error ?? state.note}`);
        const moved = (await p.check.getProperties()).approximateMessagesCount ?? 0;
        return {
          adoptedAfterSeconds,
          finishedAfterSeconds: (performance.now() - killed) / 1000,
          lost: Math.max(0, count - moved),
          duplicated: state.duplicated,
        };
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await Promise.all([first.stop(), second.stop()]);
    await azurite.stop();
  }
}

// The raw pipeline's worker count is chosen first, from one run of each (a calibration, not
// counted). Then the job and the raw pipeline at that count are measured this many times each,
// interleaved, and the best of each kept: the machine is shared, and a burst of someone else's work
// would otherwise decide the ratio. (Comparing the job's best of 2 with the best of 6 raw runs, 2
// at each count, as this bench did before, favoured the raw side by picking its luckiest run.)
const ROUNDS = Number(process.env.BENCH_MOVE_ROUNDS ?? 3);
const WORKER_COUNTS = [4, 8, 16];
// A short move first, not counted, so the job's first measured run does not pay for the server's
// cold start (its code compiled on first use) while the raw client's code is already warm.
const WARM_UP = 200;

export async function benchMoves() {
  const bed = await benchBed("jobs");
  const { server, fresh, directUrl } = bed;
  const results: Record<
    string,
    InterleavedResult & {
      sequential: number;
      /** Calls to the state store per 1,000 messages moved by the job (the bench's own polls included). */
      stateCallsPer1000: number;
    }
  > = {};
  const per1000 = (a: number, b: number) => (((b - a) * 1000) / MESSAGES).toFixed(2);
  const raw = async (label: string, url: string, workers: number) => {
    await fresh();
    const p = await pair(directUrl, url, MESSAGES);
    const [own0, cpu0] = [process.cpuUsage(), bed.cpu()];
    const r = await rate(MESSAGES, () => rawPipeline(p.source, p.target, workers), p.check);
    const [own, cpu1] = [process.cpuUsage(own0), bed.cpu()];
    console.log(
      `${label}: raw pipeline, ${workers} workers ${r.toFixed(1)}/s (CPU s per 1,000: client ${(((own.user + own.system) / 1e6) * (1000 / MESSAGES)).toFixed(2)}, ` +
        `queue Azurite ${per1000(cpu0.queue, cpu1.queue)})`,
    );
    return r;
  };
  try {
    {
      await fresh();
      const w = await pair(directUrl, bed.paths[0]![2], WARM_UP);
      await viaJob(server.url, bed.paths[0]![1], w.source.name, w.target.name);
    }
    for (const [label, account, url] of bed.paths) {
      const calibration: Record<number, number> = {};
      for (const workers of WORKER_COUNTS) calibration[workers] = await raw(`${label} (choosing)`, url, workers);
      const bestWorkers = WORKER_COUNTS.reduce((a, b) => (calibration[b]! > calibration[a]! ? b : a));
      const jobRuns: number[] = [];
      const rawRuns: number[] = [];
      let calls = { state: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        await fresh();
        const j = await pair(directUrl, url, MESSAGES);
        bed.resetCalls();
        const cpu0 = bed.cpu();
        const job = await rate(MESSAGES, () => viaJob(server.url, account, j.source.name, j.target.name), j.check);
        const cpu1 = bed.cpu();
        calls = bed.calls();
        jobRuns.push(job);
        console.log(
          `${label}: job ${job.toFixed(1)}/s (${calls.state} state-store calls; CPU s per 1,000: server ${per1000(cpu0.server, cpu1.server)}, ` +
            `queue Azurite ${per1000(cpu0.queue, cpu1.queue)}, state Azurite ${per1000(cpu0.state, cpu1.state)})`,
        );
        rawRuns.push(await raw(label, url, bestWorkers));
      }
      await fresh();
      const s = await pair(directUrl, url, SEQUENTIAL_SAMPLE);
      const seq = await rate(SEQUENTIAL_SAMPLE, () => sequential(s.source, s.target), s.check);
      console.log(`${label}: sequential ${seq.toFixed(1)}/s`);
      const job = Math.max(...jobRuns);
      const bestRaw = Math.max(...rawRuns);
      results[label] = {
        job,
        jobRuns,
        bestRaw,
        rawRuns,
        bestWorkers,
        calibration,
        sequential: seq,
        ratio: job / bestRaw,
        stateCallsPer1000: Math.round((calls.state * 1000) / MESSAGES),
      };
    }
  } finally {
    await bed.close();
  }
  console.log(
    `\nMoving ${MESSAGES.toLocaleString("en-US")} messages (messages per second, best of ${ROUNDS} each, interleaved; the raw pipeline at the worker count that was fastest of ${WORKER_COUNTS.join(", ")}; higher is better; sequential measured on ${SEQUENTIAL_SAMPLE})\n`,
  );
  console.log(
    table([
      [
        "path",
        "job (runs)",
        "best raw pipeline (runs; workers)",
        "sequential loop",
        "job / best raw",
        "state-store calls per 1,000",
      ],
      ...Object.entries(results).map(([label, r]) => [
        label,
        `${r.job.toFixed(1)} (${r.jobRuns.map((x) => x.toFixed(0)).join(", ")})`,
        `${r.bestRaw.toFixed(1)} (${r.rawRuns.map((x) => x.toFixed(0)).join(", ")}; ${r.bestWorkers} workers)`,
        r.sequential.toFixed(1),
        `${r.ratio.toFixed(2)}×`,
        r.stateCallsPer1000,
      ]),
    ]),
  );
  const met = Object.values(results).every((r) => r.ratio >= 0.9);
  console.log(`${met ? "MET " : "MISS"} the job moves at least 0.9× the best raw pipeline's throughput`);
  let adoption: Awaited<ReturnType<typeof adoptionSeconds>> | { error: string };
  try {
    adoption = await adoptionSeconds();
    console.log(
      `\nkill -9 of a job's owner mid-move (1,000 messages, two instances on one state store): adopted after ${adoption.adoptedAfterSeconds.toFixed(1)} s ` +
        `(lease 30 s), finished ${adoption.finishedAfterSeconds.toFixed(1)} s after the kill, ${adoption.lost} lost, ${adoption.duplicated} counted duplicates`,
    );
  } catch (err) {
    // Said, not thrown: the throughput figures above are still written to the results file.
    adoption = { error: (err as Error).message };
    console.log(`\nkill -9 of a job's owner mid-move: FAILED, ${adoption.error}`);
  }
  return { moves: results, adoption, targetsMet: met && "lost" in adoption && adoption.lost === 0 };
}
