// Two real Queuescope instances behind "a load balancer": one Azurite holds the queues and the
// shared state store. Jobs are seen, cancelled and adopted through either instance; kill -9 of
// the owner loses nothing.
import { expect, test } from "@playwright/test";
import type { AzuriteProcess } from "../scripts/lib/azurite";
import { startQueuescope, type QueuescopeInstance } from "./support/queuescope";
import { drainQueue, multiset } from "../tests/support/multiset";
import {
  EMULATOR_ACCOUNT_KEY,
  EMULATOR_ACCOUNT_NAME,
  emulatorService,
  startBareAzurite,
  uniqueQueueName,
} from "./support/storage";

test.describe.configure({ mode: "serial" });

let azurite: AzuriteProcess;
let a: QueuescopeInstance;
let b: QueuescopeInstance;
const ACCOUNT = EMULATOR_ACCOUNT_NAME.toLowerCase();
/** Blob Storage's shortest lease: the dead owner's job is adopted sooner, by the same mechanism. */
const LEASE_SECONDS = 15;

function env(): Record<string, string> {
  return {
    AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=http;AccountName=${EMULATOR_ACCOUNT_NAME};AccountKey=${EMULATOR_ACCOUNT_KEY};QueueEndpoint=${azurite.accountUrl};`,
    QUEUESCOPE_STATE_CONNECTION_STRING: azurite.stateConnectionString,
    QUEUESCOPE_LEASE_SECONDS: String(LEASE_SECONDS),
  };
}

async function api(instance: QueuescopeInstance, path: string, init: { method?: string; body?: unknown } = {}) {
  const res = await fetch(`${instance.url}${path}`, {
    method: init.method ?? "GET",
    headers: { "content-type": "application/json", origin: instance.url },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

async function fill(name: string, texts: string[]) {
  const q = emulatorService(azurite.accountUrl).getQueueClient(name);
  await q.create();
  for (let i = 0; i < texts.length; i += 64) await Promise.all(texts.slice(i, i + 64).map((t) => q.sendMessage(t)));
  return q;
}

async function drainAll(name: string): Promise<string[]> {
  return drainQueue(emulatorService(azurite.accountUrl).getQueueClient(name));
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  azurite = await startBareAzurite();
  [a, b] = await Promise.all([startQueuescope({ env: env() }), startQueuescope({ env: env() })]);
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await azurite?.stop();
});

test("of 6 simultaneous moves out of one queue through both instances, exactly one is accepted", async () => {
  const source = uniqueQueueName("race");
  await fill(
    source,
    Array.from({ length: 40 }, (_, i) => `race ${i}`),
  );
  const targets = await Promise.all(
    Array.from({ length: 6 }, async (_, i) => (await fill(uniqueQueueName(`race-t${i}`), [])).name),
  );
  const answers = await Promise.all(
    targets.map((t, i) =>
      api(i % 2 ? b : a, `/api/accounts/${ACCOUNT}/queues/${source}/move`, {
        method: "POST",
        body: { to: t, ratePerSecond: 5 },
      }),
    ),
  );
  expect(answers.filter((r) => r.status === 202)).toHaveLength(1);
  expect(answers.filter((r) => r.status === 409)).toHaveLength(5);
  const id = answers.find((r) => r.status === 202)!.json.job.id;
  // Seen and cancelled through the other instance alike.
  const other = answers.findIndex((r) => r.status === 202) % 2 ? a : b;
  expect((await api(other, "/api/jobs")).json.jobs.map((j: { id: string }) => j.id)).toContain(id);
  expect((await api(other, `/api/jobs/${id}`, { method: "DELETE" })).status).toBe(200);
  await expect.poll(async () => (await api(a, `/api/jobs/${id}`)).json.state, { timeout: 10_000 }).toBe("cancelled");
  expect((await api(b, `/api/jobs/${id}`)).json).toEqual((await api(a, `/api/jobs/${id}`)).json);
  // Audited alike through either instance: the accepted start, the five refusals, the cancel (made
  // through the other one) and the job's end, which says cancelled, not ok.
  const audit = async (instance: QueuescopeInstance) => {
    const entries = (await api(instance, `/api/audit?queue=${source}&limit=100`)).json.entries as {
      id: string;
      action: string;
      outcome: string;
      jobId?: string;
    }[];
    const cancel = (await api(instance, `/api/audit?action=job.cancel&limit=100`)).json.entries.filter(
      (e: { jobId?: string }) => e.jobId === id,
    );
    return { entries, cancel };
  };
  await expect
    .poll(async () => (await audit(a)).entries.some((e) => e.action === "job.move.finished"), { timeout: 10_000 })
    .toBe(true);
  const [viaA, viaB] = [await audit(a), await audit(b)];
  expect(viaB).toEqual(viaA);
  const moves = viaA.entries.filter((e) => e.action === "queue.move");
  expect(moves.filter((e) => e.outcome === "ok")).toHaveLength(1);
  expect(moves.filter((e) => e.outcome === "denied" || e.outcome === "failed")).toHaveLength(5);
  expect(viaA.entries.find((e) => e.action === "job.move.finished" && e.jobId === id)?.outcome).toBe("cancelled");
  expect(viaA.cancel).toHaveLength(1);
});

test("a reverse move, a clear and a delete through the other instance are refused while a move runs", async () => {
  const from = uniqueQueueName("lock-a");
  const to = uniqueQueueName("lock-b");
  const original = Array.from({ length: 60 }, (_, i) => `lock ${i}`);
  await fill(from, original);
  await fill(to, []);
  const started = await api(a, `/api/accounts/${ACCOUNT}/queues/${from}/move`, {
    method: "POST",
    body: { to, ratePerSecond: 20 },
  });
  expect(started.status).toBe(202);
  const id = started.json.job.id;
  const refusals = [
    await api(b, `/api/accounts/${ACCOUNT}/queues/${to}/move`, { method: "POST", body: { to: from } }),
    await api(b, `/api/accounts/${ACCOUNT}/queues/${to}/messages`, { method: "DELETE" }),
    await api(b, `/api/accounts/${ACCOUNT}/queues/${from}`, { method: "DELETE" }),
  ];
  for (const r of refusals)
    expect(r).toMatchObject({ status: 409, json: { error: { code: "job_conflict", details: { jobId: id } } } });
  await expect.poll(async () => (await api(b, `/api/jobs/${id}`)).json.state, { timeout: 30_000 }).toBe("succeeded");
  expect(multiset(await drainAll(to))).toEqual(multiset(original));
});

test("kill -9 of the owner mid-move of 2,000 messages: the other instance adopts the job and nothing is lost", async () => {
  test.setTimeout(240_000);
  const from = uniqueQueueName("kill-src");
  const to = uniqueQueueName("kill-dst");
  const original = Array.from({ length: 2_000 }, (_, i) => `kill ${i} ${"✓".repeat(i % 7)}`);
  await fill(from, original);
  await fill(to, []);
  const started = await api(a, `/api/accounts/${ACCOUNT}/queues/${from}/move`, {
    method: "POST",
    body: { to, ratePerSecond: 150 },
  });
  expect(started.status).toBe(202);
  const id = started.json.job.id;
  await expect
    .poll(async () => (await api(b, `/api/jobs/${id}`)).json.processed, { timeout: 30_000 })
    .toBeGreaterThan(300);

  process.kill(a.lock().nextPid!, "SIGKILL");
  const killedAt = Date.now();
  await expect
    .poll(async () => (await api(b, `/api/jobs/${id}`)).json.adoptions ?? 0, { timeout: 60_000, intervals: [500] })
    .toBeGreaterThanOrEqual(1);
  const adoptedAfter = (Date.now() - killedAt) / 1000;
  console.log(`adopted ${adoptedAfter.toFixed(1)} s after kill -9`);
  expect(adoptedAfter).toBeLessThan(45);
  // A job that ends otherwise says why in the failure message (its error and note).
  const outcome = async () => {
    const j = (await api(b, `/api/jobs/${id}`)).json;
    return j.state === "running" || j.state === "succeeded" ? j.state : `${j.state}: ${j.error ?? ""} ${j.note ?? ""}`;
  };
  await expect.poll(outcome, { timeout: 150_000, intervals: [1_000] }).toBe("succeeded");
  const ended = (await api(b, `/api/jobs/${id}`)).json;
  console.log(`ended: processed ${ended.processed}, duplicated ${ended.duplicated}, adoptions ${ended.adoptions}`);
  // Counts stay true across the crash (and across a second takeover, when the adopter lost its
  // lease too): each message once in `processed`.
  expect(ended.processed).toBe(original.length);

  // Source plus target hold every message: compared as multisets, extra copies only as counted duplicates.
  const moved = await drainAll(to);
  const left = await drainAll(from);
  const all = multiset([...moved, ...left]);
  for (const [text, n] of multiset(original)) expect(all.get(text) ?? 0, text).toBeGreaterThanOrEqual(n);
  expect(moved.length + left.length - original.length).toBeLessThanOrEqual(ended.duplicated);
  expect(left).toEqual([]);
});
