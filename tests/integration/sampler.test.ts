// The sampler against a real Azurite (queue and table): rounds reflect what the raw SDK sent and
// received, the tiers downsample and expire on a driven clock, a round written twice leaves each
// point once, the listing and the snapshot carry the latest round, and a silent queue endpoint
// fails a round within the deadline instead of wedging the sampler.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as accountHistoryRoute } from "@/app/api/accounts/[account]/history/route";
import { GET as queueHistoryRoute } from "@/app/api/accounts/[account]/queues/[queue]/history/route";
import { POST as moveRoute } from "@/app/api/accounts/[account]/queues/[queue]/move/route";
import { GET as listRoute } from "@/app/api/accounts/[account]/queues/route";
import { GET as samplingRoute } from "@/app/api/accounts/[account]/sampling/route";
import { GET as snapshotRoute } from "@/app/api/accounts/[account]/snapshot/route";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { GET as overviewRoute } from "@/app/api/overview/route";
import { jobSettled } from "@/lib/jobs/runner";
import { getAccountConfig } from "@/lib/azure/accounts";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "@/lib/config/accounts";
import { accountHistory, queueHistory } from "@/lib/metrics/history";
import { forgetLatestCache, SPARK_SECONDS } from "@/lib/metrics/latest";
import { onSampleRound, type SampleRound } from "@/lib/metrics/round";
import {
  leadingAccounts,
  newAccountSampler,
  recordRound,
  sampleRound,
  startSamplers,
  stopSamplers,
} from "@/lib/metrics/sampler";
import { leaseIsFree } from "@/lib/state/lease";
import { queryRecords } from "@/lib/state/store";
import { azuriteUrl, call, emulatorService, uniquePrefix, useEnv } from "../support/api";
import { parsePrometheusText } from "../support/prometheus-parser";
import { startSilentProxy } from "../support/silent-proxy";

const prefix = uniquePrefix("smp");

function accountsFile(entries: object[]): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "qs-sampler-")), "accounts.json");
  writeFileSync(file, JSON.stringify(entries));
  return file;
}

const entry = (id: string, endpoint = azuriteUrl(), extra: object = {}) => ({
  id,
  name: id,
  accountName: EMULATOR_ACCOUNT_NAME,
  accountKey: EMULATOR_ACCOUNT_KEY,
  queueEndpoint: endpoint,
  ...extra,
});

describe("rounds against the queue service", () => {
  const busy = `${prefix}-busy`;
  const idle = `${prefix}-idle`;
  beforeAll(async () => {
    useEnv({});
    await emulatorService().getQueueClient(busy).create();
    await emulatorService().getQueueClient(idle).create();
  });

  it("history, listing and snapshot reflect sends and receives done with the raw SDK", async () => {
    const q = emulatorService().getQueueClient(busy);
    for (let i = 0; i < 5; i++) await q.sendMessage(`m${i}`);
    const seen: SampleRound[] = [];
    const off = onSampleRound((r) => void seen.push(r));
    const sampler = newAccountSampler(getAccountConfig("local"), { prefix });
    // Two rounds a minute apart, in one 30-minute sparkline bucket: run in the minute after :00 or
    // :30 they would straddle a boundary, and the last bucket's maximum would be the second's.
    const bucket = (ms: number) => Math.floor(ms / (SPARK_SECONDS * 1000));
    let t0 = new Date(Date.now() - 120_000);
    if (bucket(t0.getTime()) !== bucket(t0.getTime() + 60_000)) t0 = new Date(t0.getTime() - 60_000);
    try {
      await sampleRound(sampler, t0);
      const received = await q.receiveMessages({ numberOfMessages: 3 });
      for (const m of received.receivedMessageItems) await q.deleteMessage(m.messageId, m.popReceipt);
      await sampleRound(sampler, new Date(t0.getTime() + 60_000));
    } finally {
      off();
    }
    expect(seen.map((r) => r.queues.find((x) => x.name === busy)?.count)).toEqual([5, 2]);

    const history = await call(queueHistoryRoute, {
      params: { account: "local", queue: busy },
      query: { range: "1h" },
    });
    expect(history.status).toBe(200);
    expect(history.json.intervalSeconds).toBe(60);
    expect(history.json.samples.map((s: { count: number }) => s.count)).toEqual([5, 2]);
    expect(history.json.samples[0].at).toBe(new Date(Math.floor(t0.getTime() / 1000) * 1000).toISOString());
    // The oldest message was sent just now, but the driven round started two minutes earlier: age 0 floor.
    expect(history.json.samples.every((s: { oldestAgeSeconds: number | null }) => s.oldestAgeSeconds !== null)).toBe(
      true,
    );
    expect(history.json.jobs).toEqual([]);
    // The queue page's figures come with its history, not from the whole account's snapshot.
    expect(history.json.latest).toEqual({
      count: 2,
      previousCount: 5,
      oldestAgeSeconds: expect.any(Number),
      netPerMinute: -3,
      growing: false,
      stalled: false,
      drainEtaSeconds: 40,
      sampledAt: new Date(Math.floor(t0.getTime() / 1000) * 1000 + 60_000).toISOString(),
      intervalSeconds: 60,
    });
    const unseen = await call(queueHistoryRoute, {
      params: { account: "local", queue: `${prefix}-never-sampled` },
      query: { range: "1h" },
    });
    expect(unseen.json).toMatchObject({ samples: [], latest: null });
    const empty = await call(queueHistoryRoute, { params: { account: "local", queue: idle }, query: { range: "1h" } });
    expect(empty.json.latest).toMatchObject({ count: 0, oldestAgeSeconds: null, drainEtaSeconds: null });
    expect(empty.json.samples).toEqual([
      expect.objectContaining({ count: 0, oldestAgeSeconds: null }),
      expect.objectContaining({ count: 0, oldestAgeSeconds: null }),
    ]);

    forgetLatestCache();
    const listing = await call(listRoute, { params: { account: "local" }, query: { prefix } });
    const row = listing.json.queues.find((x: { name: string }) => x.name === busy);
    expect(row).toMatchObject({ previousCount: 5, growing: false, stalled: false, netPerMinute: -3 });
    expect(row.sampledAt).toBe(new Date(Math.floor(t0.getTime() / 1000) * 1000 + 60_000).toISOString());
    expect(row.drainEtaSeconds).toBe(40);

    const stream = await call(listRoute, { params: { account: "local" }, query: { prefix, stream: "1" } });
    const events = stream.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    const streamed = events.filter((e) => e.type === "queues").flatMap((e) => e.queues);
    expect(streamed.find((x: { name: string }) => x.name === busy)).toMatchObject({
      previousCount: 5,
      netPerMinute: -3,
      sampledAt: row.sampledAt,
    });

    const snapshot = await call(snapshotRoute, { params: { account: "local" } });
    expect(snapshot.json).toMatchObject({
      sampled: true,
      sampledAt: row.sampledAt,
      intervalSeconds: 60,
      sparkSeconds: 1800,
    });
    const snap = snapshot.json.queues.find((x: { name: string }) => x.name === busy);
    expect(snap).toMatchObject({ name: busy, count: 2, previousCount: 5, drainEtaSeconds: 40 });
    expect(snap.spark).toHaveLength(48);
    expect(snap.spark.at(-1)).toBe(5); // the window's maximum

    const cost = await call(samplingRoute, { params: { account: "local" } });
    expect(cost.json).toMatchObject({
      sampled: true,
      intervalSeconds: 60,
      roundsPerDay: 1440,
      perRound: { listPages: 1, properties: 2, peeks: 1, total: 4 },
      perDay: 5760,
    });
    // The state store apart: 3 history chunks (2 queues' shards and the total) in one transaction,
    // the latest round in one (the first round's parts are deleted from the third round on).
    const renewals = (86_400 * 3) / cost.json.stateStore.leaseSeconds;
    expect(cost.json.stateStore).toEqual({
      perRound: { seriesWrites: 1, latestWrites: 1, total: 2, estimated: false },
      leaseSeconds: expect.any(Number),
      leaseRenewalsPerDay: renewals,
      followerCallsPerDay: 34_560,
      followSeconds: 5,
      perDay: 1440 * 2 + 120 + renewals,
    });

    const overview = await call(overviewRoute);
    expect(overview.json.accounts[0]).toMatchObject({
      id: "local",
      sampled: true,
      totalNow: 2,
      queueCount: 2,
      alertsFiring: [],
    });
    expect(overview.json.accounts[0].total.at(-1).count).toBe(5);
  });

  it("/api/metrics parses as Prometheus text and carries the latest round and the jobs", async () => {
    const target = `${prefix}-target`;
    await emulatorService().getQueueClient(target).create();
    const moved = await call(moveRoute, {
      method: "POST",
      params: { account: "local", queue: busy },
      body: { to: target },
    });
    expect(moved.status).toBe(202);
    await jobSettled(moved.json.job.id);
    await sampleRound(newAccountSampler(getAccountConfig("local"), { prefix }));
    forgetLatestCache();

    const res = await call(metricsRoute);
    expect(res.status).toBe(200);
    const families = new Map(parsePrometheusText(res.text).map((f) => [f.name, f]));
    const messages = families.get("queuescope_queue_messages")!;
    expect(messages.type).toBe("gauge");
    expect(messages.samples.find((x) => x.labels.queue === target)).toEqual({
      name: "queuescope_queue_messages",
      labels: { account: "local", queue: target },
      value: 2,
    });
    expect(messages.samples.find((x) => x.labels.queue === busy)?.value).toBe(0);
    const ages = families.get("queuescope_queue_oldest_message_age_seconds")!.samples;
    expect(ages.some((x) => x.labels.queue === target)).toBe(true);
    expect(ages.some((x) => x.labels.queue === busy)).toBe(false); // empty: no age
    const stamp = families.get("queuescope_sample_timestamp_seconds")!.samples[0]!;
    expect(stamp.labels).toEqual({ account: "local" });
    expect(Math.abs(stamp.value - Date.now() / 1000)).toBeLessThan(120);
    const finished = families.get("queuescope_jobs_finished_total")!;
    expect(finished.type).toBe("counter");
    expect(finished.samples).toContainEqual({
      name: "queuescope_jobs_finished_total",
      labels: { kind: "move", state: "succeeded" },
      value: 1,
    });
    expect(families.get("queuescope_jobs_running")!.samples).toContainEqual({
      name: "queuescope_jobs_running",
      labels: { kind: "move" },
      value: 0,
    });

    // The move shows as a marker on both queues' history.
    const history = await call(queueHistoryRoute, {
      params: { account: "local", queue: target },
      query: { range: "1h" },
    });
    expect(history.json.jobs).toEqual([
      expect.objectContaining({
        id: moved.json.job.id,
        kind: "move",
        state: "succeeded",
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
      }),
    ]);
    const source = await call(queueHistoryRoute, {
      params: { account: "local", queue: busy },
      query: { range: "24h" },
    });
    expect(source.json.jobs.map((j: { id: string }) => j.id)).toEqual([moved.json.job.id]);

    process.env.QUEUESCOPE_METRICS_TOKEN = "scrape-token-1";
    try {
      const scraped = await call(metricsRoute, { headers: { authorization: "Bearer scrape-token-1" } });
      expect(scraped.status).toBe(200);
      expect(scraped.text).toContain("# TYPE queuescope_queue_messages gauge");
    } finally {
      delete process.env.QUEUESCOPE_METRICS_TOKEN;
    }
  });

  it("a never-sampled or opted-out account answers plainly, not with an error", async () => {
    useEnv({ QUEUESCOPE_ACCOUNTS: accountsFile([entry("fresh"), entry("off", azuriteUrl(), { sample: false })]) });
    try {
      const fresh = await call(snapshotRoute, { params: { account: "fresh" } });
      expect(fresh.status).toBe(200);
      expect(fresh.json).toMatchObject({ sampled: true, sampledAt: null, reason: "not_sampled_yet", queues: [] });
      const off = await call(snapshotRoute, { params: { account: "off" } });
      expect(off.json).toMatchObject({ sampled: false, sampledAt: null, reason: "sampling_disabled" });
      const history = await call(queueHistoryRoute, {
        params: { account: "fresh", queue: busy },
        query: { range: "24h" },
      });
      expect(history.json).toEqual({ intervalSeconds: 60, samples: [], jobs: [], latest: null });
      const cost = await call(samplingRoute, { params: { account: "fresh" } });
      expect(cost.json).toMatchObject({ perRound: null, perDay: null, stateStore: { perRound: null, perDay: null } });
      expect(cost.json.stateStore.leaseRenewalsPerDay).toBeGreaterThan(0);
      const bad = await call(queueHistoryRoute, { params: { account: "fresh", queue: busy }, query: { range: "2h" } });
      expect(bad.status).toBe(400);
      expect(bad.json.error.code).toBe("validation_failed");
    } finally {
      useEnv({ QUEUESCOPE_ACCOUNTS: undefined });
    }
  });
});

describe("tiers on a driven clock", () => {
  const A = "tiers";
  // Aligned to a day so windows and partitions are easy to reason about.
  const start = Date.UTC(2026, 0, 10) / 1000;
  const STEP = 300;
  const countAt = (t: number) => Math.floor(((t - start) / STEP) % 7); // 0..6, repeating
  const round = (
    t: number,
    extra: { name: string; count: number; oldestAgeSeconds: number | null }[] = [],
  ): SampleRound => ({
    account: A,
    at: new Date(t * 1000),
    intervalSeconds: STEP,
    queues: [
      { name: "orders", count: countAt(t), oldestAgeSeconds: countAt(t) ? countAt(t) * 10 : null },
      { name: "constructor", count: 1, oldestAgeSeconds: 5 },
      ...extra,
    ],
  });

  beforeAll(() => useEnv({ QUEUESCOPE_ACCOUNTS: accountsFile([entry(A)]) }));
  afterAll(() => useEnv({ QUEUESCOPE_ACCOUNTS: undefined }));

  it("keeps full resolution for 48 h, 15-min maxima for 30 d and hourly maxima for a year, without duplicates", async () => {
    const account = getAccountConfig(A);
    const sampler = newAccountSampler(account);
    const end = start + 3 * 86_400;
    for (let t = start; t < end; t += STEP) await recordRound(sampler, round(t));
    const now = new Date((end - STEP) * 1000);

    const day = await queueHistory(account, "orders", "24h", now);
    expect(day.intervalSeconds).toBe(STEP);
    expect(day.samples).toHaveLength(86_400 / STEP + 1);
    expect(day.samples.map((s) => s.count)).toEqual(day.samples.map((s) => countAt(Date.parse(s.at) / 1000)));

    const week = await queueHistory(account, "orders", "7d", now);
    expect(week.intervalSeconds).toBe(900);
    // Every closed 15-min window since the start (the current one is still open).
    expect(week.samples).toHaveLength((3 * 86_400) / 900 - 1);
    for (const s of week.samples) {
      const w = Date.parse(s.at) / 1000;
      const inWindow = [0, 1, 2].map((i) => countAt(w + i * STEP));
      expect(s.count).toBe(Math.max(...inWindow));
      expect(s.oldestAgeSeconds).toBe(Math.max(...inWindow) ? Math.max(...inWindow) * 10 : null);
    }
    expect(new Set(week.samples.map((s) => s.at)).size).toBe(week.samples.length);

    const year = await queueHistory(account, "orders", "1y", now);
    expect(year.intervalSeconds).toBe(3600);
    expect(year.samples.length).toBe(71); // 72 hours, the last one not closed
    for (const s of year.samples) {
      const h = Date.parse(s.at) / 1000;
      expect(s.count).toBe(Math.max(...Array.from({ length: 12 }, (_, i) => countAt(h + i * STEP))));
    }
    // A queue named like an Object.prototype member is a series like any other.
    expect((await queueHistory(account, "constructor", "1h", now)).samples.every((s) => s.count === 1)).toBe(true);
    expect((await queueHistory(account, "hasownproperty", "1h", now)).samples).toEqual([]);

    const total = await accountHistory(account, "24h", now);
    expect(total.samples.at(-1)!.count).toBe(countAt(end - STEP) + 1);
    const totalWeek = await call(accountHistoryRoute, { params: { account: A }, query: { range: "30d" } });
    expect(totalWeek.status).toBe(200);
    expect(totalWeek.json.intervalSeconds).toBe(900);

    // The same round again, by this leader and by a fresh one (a handover): each point stays once.
    await recordRound(sampler, round(end - STEP));
    const fresh = newAccountSampler(account);
    fresh.loaded = true; // as if it had not seen the latest round yet
    await expect(recordRound(fresh, round(end - STEP))).rejects.toThrow();
    const again = await queueHistory(account, "orders", "24h", now);
    expect(again.samples).toEqual(day.samples);

    // 50 days later: raw (48 h) and January's 15-min points (past 30 days) are gone, hourly points stay.
    const later = end + 50 * 86_400;
    await recordRound(newAccountSampler(account), round(later));
    const rawLeft = await queryRecords("samples", { partitionKey: `${A}|raw|20260110` });
    expect(rawLeft).toEqual([]);
    expect(await queryRecords("samples", { partitionKey: `${A}|m15|202601` })).toEqual([]);
    const hourly = await queueHistory(account, "orders", "1y", new Date(later * 1000));
    expect(hourly.samples.length).toBe(71);
    // Past a year the hourly points expire too.
    const yearLater = later + 400 * 86_400;
    await recordRound(newAccountSampler(account), round(yearLater));
    expect(await queryRecords("samples", { partitionKey: `${A}|h1|202601` })).toEqual([]);
  }, 180_000);
});

describe("a silent queue endpoint", () => {
  it("fails the round within the deadline, and the next round after it answers again succeeds", async () => {
    const proxy = await startSilentProxy(new URL(azuriteUrl()).origin);
    useEnv({
      QUEUESCOPE_ACCOUNTS: accountsFile([entry("quiet", `${proxy.origin}/${EMULATOR_ACCOUNT_NAME}`)]),
      QUEUESCOPE_STORAGE_DEADLINE_MS: "1500",
    });
    try {
      const q = emulatorService().getQueueClient(`${prefix}-quiet`);
      await q.create();
      await q.sendMessage("x");
      const sampler = newAccountSampler(getAccountConfig("quiet"), { prefix: `${prefix}-quiet` });
      proxy.silence();
      const started = Date.now();
      await expect(sampleRound(sampler)).rejects.toMatchObject({ code: "storage_unreachable" });
      expect(Date.now() - started).toBeLessThan(10_000);
      proxy.resume();
      const round = await sampleRound(sampler);
      expect(round.queues).toEqual([expect.objectContaining({ name: `${prefix}-quiet`, count: 1 })]);
    } finally {
      useEnv({ QUEUESCOPE_ACCOUNTS: undefined, QUEUESCOPE_STORAGE_DEADLINE_MS: undefined });
      await proxy.close();
    }
  });
});

describe("the sampler loop", () => {
  it("does not sample with QUEUESCOPE_WORKERS=0; otherwise leads, rounds at once, and hands the lease back on stop", async () => {
    useEnv({ QUEUESCOPE_ACCOUNTS: accountsFile([entry("loop"), entry("loop-off", azuriteUrl(), { sample: false })]) });
    try {
      process.env.QUEUESCOPE_WORKERS = "0";
      startSamplers();
      expect(leadingAccounts()).toEqual([]);
      await stopSamplers();
      delete process.env.QUEUESCOPE_WORKERS;

      startSamplers();
      await expect.poll(() => leadingAccounts(), { timeout: 10_000 }).toEqual(["loop"]);
      await expect
        .poll(async () => (await call(snapshotRoute, { params: { account: "loop" } })).json.sampledAt, {
          timeout: 30_000,
        })
        .not.toBeNull();
      expect(await leaseIsFree("sampler-loop")).toBe(false);
      expect(await leaseIsFree("sampler-loop-off")).toBe(true);
      await stopSamplers();
      expect(await leaseIsFree("sampler-loop")).toBe(true);
    } finally {
      delete process.env.QUEUESCOPE_WORKERS;
      await stopSamplers();
      useEnv({ QUEUESCOPE_ACCOUNTS: undefined });
    }
  });
});
