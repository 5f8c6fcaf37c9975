// Issue 3: listing 2,000 queues with counts, through Queuescope's API vs the raw SDK.
import { writeFileSync } from "node:fs";
import { QueueServiceClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import { chromium } from "@playwright/test";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../lib/config/accounts";
import { mapLimit } from "../lib/util/map-limit";
import { startAzurite } from "../scripts/lib/azurite";
import { bestOf, measure, startDelayProxy, startServer, table } from "./support";

const QUEUES = Number(process.env.BENCH_QUEUES ?? 2000);
const DELAY_MS = 20;
const RUNS = 3;
const credential = new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY);
const service = (url: string) => new QueueServiceClient(url, credential);

async function listNames(client: QueueServiceClient): Promise<string[]> {
  const names: string[] = [];
  for await (const page of client.listQueues().byPage({ maxPageSize: 5000 })) names.push(...(page.queueItems ?? []).map((q) => q.name));
  return names;
}

async function naiveSequential(url: string): Promise<number> {
  const client = service(url);
  let total = 0;
  for (const name of await listNames(client)) total += (await client.getQueueClient(name).getProperties()).approximateMessagesCount ?? 0;
  return total;
}

async function rawParallel(url: string, concurrency: number): Promise<number> {
  const client = service(url);
  const counts = await mapLimit(await listNames(client), concurrency, async (n) => (await client.getQueueClient(n).getProperties()).approximateMessagesCount ?? 0);
  return counts.reduce((a, b) => a + b, 0);
}

async function viaApiStream(base: string, account: string): Promise<number> {
  const res = await fetch(`${base}/api/accounts/${account}/queues?stream=1&counts=1`);
  let total = 0;
  for (const line of (await res.text()).trim().split("\n")) {
    const event = JSON.parse(line);
    if (event.type === "counts") for (const n of Object.values(event.counts) as number[]) total += n;
    if (event.type === "error") throw new Error(event.error.message);
  }
  return total;
}

async function browserTimes(base: string, account: string) {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const page = await browser.newPage();
    const started = performance.now();
    await page.goto(`${base}/accounts/${account}/queues`);
    await page.getByRole("row", { name: /bench-0000/ }).waitFor({ timeout: 120_000 });
    const firstRows = performance.now() - started;
    await page.getByText(/\d[\d,]* queues · ~[\d,]+ messages \(approximate\)$/).waitFor({ timeout: 300_000 });
    return { firstRowsMs: firstRows, lastCountMs: performance.now() - started };
  } finally {
    await browser.close();
  }
}

export async function benchQueues() {
  const azurite = await startAzurite({ port: 0 });
  const proxy = await startDelayProxy({ host: "127.0.0.1", port: azurite.port }, DELAY_MS);
  const direct = azurite.accountUrl;
  const proxied = `http://127.0.0.1:${proxy.port}/${EMULATOR_ACCOUNT_NAME}`;
  console.log(`Creating ${QUEUES} queues in Azurite…`);
  await mapLimit(Array.from({ length: QUEUES }, (_, i) => i), 32, async (i) => {
    const q = service(direct).getQueueClient(`bench-${String(i).padStart(4, "0")}`);
    await q.create();
    if (i % 10 === 0) await q.sendMessage("m");
  });
  const expected = Math.ceil(QUEUES / 10);
  const accounts = JSON.stringify([
    { id: "direct", name: "Direct", accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY, queueEndpoint: direct },
    { id: "proxied", name: "Through 20 ms proxy", accountName: EMULATOR_ACCOUNT_NAME, accountKey: EMULATOR_ACCOUNT_KEY, queueEndpoint: proxied },
  ]);
  const file = `${process.env.TMPDIR ?? "/tmp"}/queuescope-bench-accounts.json`;
  writeFileSync(file, accounts);
  const server = await startServer({ QUEUESCOPE_ACCOUNTS: file });

  const results: Record<string, Record<string, number>> = {};
  try {
    for (const [label, url, account] of [["loopback", direct, "direct"], ["20 ms proxy", proxied, "proxied"]] as const) {
      await viaApiStream(server.url, account); // warm the server's route and connections
      const api = await bestOf(RUNS, () => viaApiStream(server.url, account), server.child.pid);
      const check = (total: number) => { if (total !== expected) throw new Error(`counted ${total}, expected ${expected}`); };
      check(api.result);
      let best = { ms: Infinity, concurrency: 0 };
      for (const concurrency of [32, 64, 128, 256]) {
        const raw = await bestOf(RUNS, () => rawParallel(url, concurrency));
        check(raw.result);
        if (raw.ms < best.ms) best = { ms: raw.ms, concurrency };
      }
      const naive = await measure(() => naiveSequential(url));
      check(naive.result);
      const browser = await browserTimes(server.url, account);
      results[label] = {
        apiMs: api.ms, naiveMs: naive.ms, bestRawMs: best.ms, bestRawConcurrency: best.concurrency,
        speedupVsNaive: naive.ms / api.ms, ratioVsBestRaw: api.ms / best.ms,
        serverBaseMiB: api.baseMiB, serverPeakMiB: api.peakMiB, ...browser,
      };
    }
  } finally {
    await server.stop();
    await proxy.close();
    await azurite.stop();
  }

  const f = (n: number) => n.toFixed(0);
  console.log(`\nListing ${QUEUES} queues with counts (ms; lower is better)\n`);
  console.log(table([
    ["path", "API", "naive seq.", "best raw (conc.)", "API speed-up vs naive", "API / best raw", "server RSS base→peak MiB", "page first rows", "page last count"],
    ...Object.entries(results).map(([label, r]) => [
      label, f(r.apiMs!), f(r.naiveMs!), `${f(r.bestRawMs!)} (${r.bestRawConcurrency})`, `${r.speedupVsNaive!.toFixed(1)}×`, `${r.ratioVsBestRaw!.toFixed(2)}×`,
      `${f(r.serverBaseMiB!)}→${f(r.serverPeakMiB!)}`, f(r.firstRowsMs!), f(r.lastCountMs!),
    ]),
  ]));
  const proxiedR = results["20 ms proxy"]!;
  const targets = [
    [`through the proxy ≥5× faster than naive`, proxiedR.speedupVsNaive! >= 5],
    [`loopback ≤1.2× best raw`, results.loopback!.ratioVsBestRaw! <= 1.2],
    [`proxy ≤1.2× best raw`, proxiedR.ratioVsBestRaw! <= 1.2],
  ] as const;
  for (const [name, ok] of targets) console.log(`${ok ? "MET " : "MISS"} ${name}`);
  return { queues: results, targetsMet: targets.every(([, ok]) => ok) };
}
