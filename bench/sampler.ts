// Issue 15: one sampling round of 10,000 queues through the 20 ms delay proxy (storage calls and
// state-store writes per round), history reads of one queue over 24 h and 30 d, the snapshot, and
// the overview of 3 accounts, through a real server.
import { writeFileSync } from "node:fs";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { QueueServiceClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../lib/config/accounts";
import { mapLimit } from "../lib/util/map-limit";
import { startAzurite } from "../scripts/lib/azurite";
import { median, startDelayProxy, startServer, table, time } from "./support";

const QUEUES = Number(process.env.BENCH_QUEUES ?? 10_000);
const DELAY_MS = 20;
const RUNS = 7;
const credential = new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY);
const name = (i: number) => `bench-${String(i).padStart(5, "0")}`;

async function timedGet(url: string): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    out.push(
      await time(async () => {
        const res = await fetch(url);
        if (!res.ok) throw new Error(`${url} answered ${res.status}`);
        await res.arrayBuffer();
      }),
    );
  }
  return out;
}

export async function benchSampler() {
  const azurite = await startAzurite({ port: 0 });
  const proxy = await startDelayProxy({ host: "127.0.0.1", port: azurite.port }, DELAY_MS);
  const proxied = `http://127.0.0.1:${proxy.port}/${EMULATOR_ACCOUNT_NAME}`;
  console.log(`Creating ${QUEUES} queues in Azurite (one in ten with a message)…`);
  const direct = new QueueServiceClient(azurite.accountUrl, credential);
  await mapLimit(
    Array.from({ length: QUEUES }, (_, i) => i),
    64,
    async (i) => {
      const q = direct.getQueueClient(name(i));
      await q.create();
      if (i % 10 === 0) await q.sendMessage("m");
    },
  );
  const accounts = [
    {
      id: "proxied",
      name: "Through 20 ms proxy",
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      queueEndpoint: proxied,
    },
    {
      id: "second",
      name: "Second",
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      queueEndpoint: azurite.accountUrl,
    },
    {
      id: "third",
      name: "Third",
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      queueEndpoint: azurite.accountUrl,
    },
  ];
  const file = `${process.env.TMPDIR ?? "/tmp"}/queuescope-bench-sampler-accounts.json`;
  writeFileSync(file, JSON.stringify(accounts));
  const env = {
    QUEUESCOPE_ACCOUNTS: file,
    QUEUESCOPE_STATE_CONNECTION_STRING: azurite.stateConnectionString,
    QUEUESCOPE_STATE_PREFIX: "qsbench",
  };
  Object.assign(process.env, env);
  // Imported once the environment names the accounts and the state store.
  const { getAccountConfig } = await import("../lib/azure/accounts");
  const { newAccountSampler, recordRound, sampleRound } = await import("../lib/metrics/sampler");
  const { SeriesWriter, shardOf, TOTAL_KEY, TOTAL_SHARD } = await import("../lib/metrics/series-store");

  // The same reads with the raw SDK at the same concurrency, through the same proxy, in the same run.
  const rawPass = async () => {
    const client = new QueueServiceClient(proxied, credential);
    const listed: string[] = [];
    for await (const page of client.listQueues().byPage({ maxPageSize: 5000 }))
      listed.push(...(page.queueItems ?? []).map((q) => q.name));
    await mapLimit(listed, 64, async (n) => {
      const q = client.getQueueClient(n);
      if (((await q.getProperties()).approximateMessagesCount ?? 0) > 0) await q.peekMessages({ numberOfMessages: 1 });
    });
  };
  const rawMs: number[] = [];

  const sampler = newAccountSampler(getAccountConfig("proxied"));
  const rounds: {
    ms: number;
    failed: number;
    listPages: number;
    properties: number;
    peeks: number;
    transactions: number;
    entities: number;
    /** The longest stretch the round kept this process's event loop busy (a page request waits that long). */
    loopMaxMs: number;
    loopP99Ms: number;
  }[] = [];
  let last: Awaited<ReturnType<typeof sampleRound>> | undefined;
  for (let r = 0; r < 3; r++) {
    const before = { ...sampler.writer.stats };
    const loop = monitorEventLoopDelay({ resolution: 5 });
    loop.enable();
    const started = performance.now();
    last = await sampleRound(sampler, new Date());
    const ms = performance.now() - started;
    loop.disable();
    // The emulator may hold a few queues of its own besides the bench ones; a few calls past their deadline are left out.
    if (last.queues.length + last.failed.length < QUEUES)
      throw new Error(`sampled ${last.queues.length} queues, expected at least ${QUEUES}`);
    const c = sampler.state!.calls;
    rounds.push({
      ms,
      failed: last.failed.length,
      ...c,
      // The writer's transactions plus the latest round's (head and parts in one).
      transactions: sampler.writer.stats.transactions - before.transactions + 1,
      entities: sampler.writer.stats.entities - before.entities + 1 + sampler.parts,
      loopMaxMs: loop.max / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6,
    });
    console.log(
      `round ${r + 1}: ${ms.toFixed(0)} ms; event loop blocked at most ${(loop.max / 1e6).toFixed(0)} ms (p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms)`,
    );
    rawMs.push(await time(rawPass));
  }

  if (process.env.BENCH_SAMPLER_ROUNDS_ONLY === "1") {
    await proxy.close();
    await azurite.stop();
    return { rounds, rawMs };
  }
  // The other two accounts: a latest round of 10,000 queues each, for the overview.
  for (const id of ["second", "third"])
    await recordRound(newAccountSampler(getAccountConfig(id)), { ...last!, account: id });

  // 24 h at 60 s and 30 d of 15-min points for the shard of bench-00000 and the account total,
  // written as the sampler leaves them (every chunk once, complete).
  console.log("Seeding 24 h of rounds and 30 d of 15-min points for one queue's shard…");
  const target = name(0);
  const shard = shardOf(target);
  const shardQueues = Array.from({ length: QUEUES }, (_, i) => name(i)).filter((n) => shardOf(n) === shard);
  const writer = new SeriesWriter("proxied");
  const now = Math.floor(Date.now() / 1000);
  const value = (n: string, t: number) => (n.length + Math.floor(t / 60)) % 50;
  for (let t = now - 86_400; t < now; t += 60) {
    for (const n of shardQueues) writer.add("raw", shard, n, t, value(n, t), value(n, t) ? 30 : null);
    writer.add("raw", TOTAL_SHARD, TOTAL_KEY, t, 12_345, null);
    if ((t + 60) % 900 < 60) await writer.flush();
  }
  for (let t = Math.floor((now - 30 * 86_400) / 900) * 900; t < now; t += 900) {
    for (const n of shardQueues) writer.add("m15", shard, n, t, value(n, t), 60);
    writer.add("m15", TOTAL_SHARD, TOTAL_KEY, t, 12_345, null);
    if ((t + 900) % 86_400 === 0) await writer.flush();
  }
  await writer.flush();

  const server = await startServer({ ...env, QUEUESCOPE_WORKERS: "0" });
  const figures: Record<string, number> = {};
  try {
    const base = `${server.url}/api`;
    for (const [label, url] of [
      ["history 24h (1 queue)", `${base}/accounts/proxied/queues/${target}/history?range=24h`],
      ["history 30d (1 queue)", `${base}/accounts/proxied/queues/${target}/history?range=30d`],
      ["account total 24h", `${base}/accounts/proxied/history?range=24h`],
      ["overview (3 accounts)", `${base}/overview`],
      [`snapshot (${QUEUES} queues)`, `${base}/accounts/proxied/snapshot`],
    ] as const) {
      await timedGet(url); // warm the route
      figures[label] = median(await timedGet(url));
    }
    const h24 = (await (await fetch(`${base}/accounts/proxied/queues/${target}/history?range=24h`)).json()) as {
      samples: unknown[];
    };
    const h30 = (await (await fetch(`${base}/accounts/proxied/queues/${target}/history?range=30d`)).json()) as {
      samples: unknown[];
    };
    figures.points24h = h24.samples.length;
    figures.points30d = h30.samples.length;
  } finally {
    await server.stop();
    await proxy.close();
    await azurite.stop();
  }

  const f = (n: number) => n.toFixed(0);
  console.log(`\nSampler round, ${QUEUES} queues through the ${DELAY_MS} ms delay proxy\n`);
  console.log(
    table([
      [
        "round",
        "ms",
        "raw SDK pass right after, ms",
        "ratio",
        "queues not read",
        "list pages",
        "properties",
        "peeks",
        "state transactions",
        "state entities written",
        "event-loop block max / p99, ms",
      ],
      ...rounds.map((r, i) => [
        i === 0 ? "first (creates)" : `${i + 1} (updates)`,
        f(r.ms),
        f(rawMs[i]!),
        `${(r.ms / rawMs[i]!).toFixed(2)}×`,
        r.failed,
        r.listPages,
        r.properties,
        r.peeks,
        r.transactions,
        r.entities,
        `${f(r.loopMaxMs)} / ${f(r.loopP99Ms)}`,
      ]),
    ]),
  );
  console.log(
    `\nReads through the server (median of ${RUNS}, ms; ${shardQueues.length} queues share the shard read)\n`,
  );
  console.log(
    table([
      ["read", "ms"],
      ...Object.entries(figures)
        .filter(([k]) => !k.startsWith("points"))
        .map(([k, v]) => [k, v.toFixed(1)]),
    ]),
  );
  console.log(`points: 24h ${figures.points24h}, 30d ${figures.points30d}`);
  const targets = [
    ["round of 10,000 queues within 60 s (steady rounds)", rounds.slice(1).every((r) => r.ms <= 60_000)],
    ["history 24h ≤ 100 ms", figures["history 24h (1 queue)"]! <= 100],
    ["history 30d ≤ 100 ms", figures["history 30d (1 queue)"]! <= 100],
    ["overview of 3 accounts ≤ 300 ms", figures["overview (3 accounts)"]! <= 300],
  ] as const;
  for (const [label, ok] of targets) console.log(`${ok ? "MET " : "MISS"} ${label}`);
  return { rounds, rawMs, reads: figures, shardQueues: shardQueues.length, targetsMet: targets.every(([, ok]) => ok) };
}
