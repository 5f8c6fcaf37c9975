// Issues 3 and 15: listing 10,000 queues with counts through Queuescope's API vs the raw SDK, and
// the queue table in Chromium: first rows with (sampled) counts, a filter keystroke, live refresh.
import { writeFileSync } from "node:fs";
import os from "node:os";
import { QueueServiceClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import { chromium } from "@playwright/test";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../lib/config/accounts";
import { mapLimit } from "../lib/util/map-limit";
import { startAzurite } from "../scripts/lib/azurite";
import { bestOf, measure, root, startDelayProxy, startServer, table } from "./support";

const QUEUES = Number(process.env.BENCH_QUEUES ?? 10_000);
/** The naive sequential baseline counts this many queues and is scaled up (it takes 20 ms × N through the proxy). */
const NAIVE_SAMPLE = Math.min(QUEUES, 2000);
const pad = (i: number) => String(i).padStart(QUEUES > 10_000 ? 6 : 5, "0");
const DELAY_MS = 20;
const RUNS = 3;
/** Fresh pages, each in a new context (no cache); a sampling round runs through some of them. */
const FIRST_PAINT_RUNS = 7;
const STORAGE_NICE = 15;
/** Only the table and the API calls it is compared with (no raw or naive sweeps): for a shared machine. */
const TABLE_ONLY = process.env.BENCH_TABLE_ONLY === "1";
const FIRST_PAINT_ONLY = process.env.BENCH_FIRST_PAINT_ONLY === "1";
const credential = new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY);
const service = (url: string) => new QueueServiceClient(url, credential);

async function listNames(client: QueueServiceClient): Promise<string[]> {
  const names: string[] = [];
  for await (const page of client.listQueues().byPage({ maxPageSize: 5000 }))
    names.push(...(page.queueItems ?? []).map((q) => q.name));
  return names;
}

async function naiveSequential(url: string): Promise<number> {
  const client = service(url);
  let total = 0;
  for (const name of (await listNames(client)).slice(0, NAIVE_SAMPLE))
    total += (await client.getQueueClient(name).getProperties()).approximateMessagesCount ?? 0;
  return total;
}

async function rawParallel(url: string, concurrency: number): Promise<number> {
  const client = service(url);
  const counts = await mapLimit(
    await listNames(client),
    concurrency,
    async (n) => (await client.getQueueClient(n).getProperties()).approximateMessagesCount ?? 0,
  );
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

type Proxy = Awaited<ReturnType<typeof startDelayProxy>>;

/** The raw snapshot call the page's first paint is compared with: the latest round as JSON. */
async function viaSnapshot(base: string, account: string): Promise<number> {
  const snap = (await (await fetch(`${base}/api/accounts/${account}/snapshot`)).json()) as { queues: unknown[] };
  return snap.queues.length;
}

/** The page's first HTML: its size, and whether it already holds the first row with its sampled count. */
async function firstHtml(base: string, account: string) {
  const started = performance.now();
  const html = await (await fetch(`${base}/accounts/${account}/queues`)).text();
  return {
    htmlMs: performance.now() - started,
    htmlKiB: Buffer.byteLength(html) / 1024,
    htmlHasCounts: html.includes(`bench-${pad(0)}`) && html.includes("Counts as of") ? 1 : 0,
  };
}

/** Waits until the sampler's first round of the account is stored: the table's first answer. */
async function waitForRound(base: string, account: string): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 900_000; await new Promise((r) => setTimeout(r, 500))) {
    const snap = (await (await fetch(`${base}/api/accounts/${account}/snapshot`)).json()) as {
      sampledAt: string | null;
      queues: unknown[];
    };
    if (snap.sampledAt && snap.queues.length >= QUEUES) return;
  }
  throw new Error(`no sampling round of ${account} within 900 s`);
}

/**
 * Milliseconds from setting the filter input to the frame after it: React renders an input event
 * synchronously, so the next animation frame paints the filtered rows (a keystroke that leaves the
 * visible rows as they were costs the same filter pass).
 */
const KEYSTROKE = `async (value) => {
  const input = document.querySelector('input[type="search"]');
  const started = performance.now();
  Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, value);
  input.dispatchEvent(new Event("input", { bubbles: true }));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - started;
}`;

/**
 * In the page from its first byte: the moment the first row is in the DOM with a count, and when
 * that count is really painted, on the page's own clock (Playwright's polling and a main thread
 * busy with hydration would both add to a time read from outside). The paint is the browser's
 * Element Timing entry for the count's text: a frame requested once the row is in the DOM fires
 * before the paint while the page's scripts still run first, and read 100-350 ms early here.
 */
const FIRST_ROW_WATCH = `(() => {
  const w = window;
  w.__firstRow = null;
  w.__firstRowPaint = null;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      if (e.identifier === "first-count" && w.__firstRowPaint === null) w.__firstRowPaint = e.renderTime || e.loadTime;
  }).observe({ type: "element", buffered: true });
  const check = () => {
    if (w.__firstRow !== null) return;
    const row = document.getElementById("first-queue")?.closest('[role="row"]');
    const cell = row?.querySelector('[role="cell"]');
    if (!cell || !/^\\d/.test(cell.textContent ?? "")) return;
    w.__firstRow = performance.now();
    // Element Timing reports the element that holds the text node itself.
    const text = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT).nextNode();
    (text?.parentElement ?? cell).setAttribute("elementtiming", "first-count");
    observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})()`;

const launch = () =>
  chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });

/** The first row with its sampled count, painted (in the DOM; seen from outside), on a fresh page. */
async function firstRowTimes(page: import("@playwright/test").Page, base: string, account: string) {
  await page.addInitScript(FIRST_ROW_WATCH);
  await page.goto(`${base}/accounts/${account}/queues`, { waitUntil: "commit" });
  const first = page
    .getByRole("row", { name: new RegExp(`bench-${pad(0)}`) })
    .getByRole("cell")
    .first();
  await first.filter({ hasText: /^\d/ }).waitFor({ timeout: 120_000 });
  const seenByPlaywrightMs = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => (window as unknown as { __firstRowPaint: number | null }).__firstRowPaint !== null);
  const { firstInDomMs, firstRowsMs, firstByteMs, lastByteMs } = await page.evaluate(() => {
    const w = window as unknown as { __firstRow: number; __firstRowPaint: number };
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    return {
      firstInDomMs: w.__firstRow,
      firstRowsMs: w.__firstRowPaint,
      firstByteMs: nav.responseStart,
      lastByteMs: nav.responseEnd,
    };
  });
  return { firstRowsMs, firstInDomMs, seenByPlaywrightMs, firstByteMs, lastByteMs };
}

async function browserTimes(base: string, account: string, proxy: Proxy | null) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    proxy?.resetRequests();
    const { firstRowsMs, firstInDomMs, seenByPlaywrightMs } = await firstRowTimes(page, base, account);
    const all = new RegExp(
      `^${new Intl.NumberFormat("en-US").format(QUEUES)} queues · ~[\\d,]+ messages \\(approximate\\)$`,
    );
    await page.getByText(all).waitFor({ timeout: 300_000 });
    await page.getByRole("button", { name: "Refresh", exact: true }).waitFor({ timeout: 300_000 });
    const settledMs = await page.evaluate(() => performance.now());
    const calls = proxy ? { ...proxy.requests } : null;
    const keys: number[] = [];
    for (const value of ["b", "be", "ben", "bench-0", "bench-09", "bench-099", "bench-0999", ""])
      keys.push((await page.evaluate(`(${KEYSTROKE})(${JSON.stringify(value)})`)) as number);
    // Live counts on request: the streamed listing counts every queue again.
    const before = Date.now();
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await page.getByText(/^Live counts from/).waitFor({ timeout: 300_000 });
    await page.getByRole("button", { name: "Refresh", exact: true }).waitFor({ timeout: 300_000 });
    await page.getByText(all).waitFor({ timeout: 300_000 });
    const liveMs = Date.now() - before;
    return {
      firstRowsMs,
      firstInDomMs,
      seenByPlaywrightMs,
      settledMs,
      keyMaxMs: Math.max(...keys),
      keyMedianMs: [...keys].sort((a, b) => a - b)[keys.length >> 1]!,
      liveMs,
      listCalls: calls?.list ?? NaN,
      otherCalls: calls?.other ?? NaN,
    };
  } finally {
    await browser.close();
  }
}

/**
 * Only the first paint against the snapshot API, in one run (BENCH_FIRST_PAINT_ONLY=1): for a
 * machine too loaded for the live counting of 10,000 queues to meet its storage deadlines.
 */
async function firstPaintOnly(base: string) {
  await waitForRound(base, "direct");
  const snapshot = await bestOf(RUNS, () => viaSnapshot(base, "direct"));
  await firstHtml(base, "direct");
  const html = await firstHtml(base, "direct");
  const browser = await launch();
  const runs: Awaited<ReturnType<typeof firstRowTimes>>[] = [];
  try {
    for (let i = 0; i < FIRST_PAINT_RUNS; i++) {
      const context = await browser.newContext();
      runs.push(await firstRowTimes(await context.newPage(), base, "direct"));
      await context.close();
    }
  } finally {
    await browser.close();
  }
  const best = runs.reduce((a, b) => (b.firstRowsMs < a.firstRowsMs ? b : a));
  const f = (n: number) => n.toFixed(0);
  console.log(`\nQueue table first paint in Chromium, ${QUEUES} queues, loopback (ms; each run, best first)\n`);
  console.log(
    table([
      ["first row with count painted", "in DOM", "seen from outside", "page's first byte", "last byte"],
      ...[...runs]
        .sort((a, b) => a.firstRowsMs - b.firstRowsMs)
        .map((r) => [r.firstRowsMs, r.firstInDomMs, r.seenByPlaywrightMs, r.firstByteMs, r.lastByteMs].map(f)),
    ]),
  );
  console.log(
    `snapshot API ${f(snapshot.ms)} ms; first HTML ${f(html.htmlMs)} ms, ${f(html.htmlKiB)} KiB, ` +
      `${html.htmlHasCounts ? "with" : "without"} counts`,
  );
  const met = best.firstRowsMs <= 500 && html.htmlHasCounts === 1;
  console.log(`${met ? "MET " : "MISS"} first rows with counts ≤ 500 ms, from the first HTML`);
  return { firstPaint: { ...best, snapshotApiMs: snapshot.ms, ...html, runs }, targetsMet: met };
}

export async function benchQueues() {
  const azurite = await startAzurite({ port: 0 });
  // Azurite stands in for the storage service, which runs elsewhere in production: at a low CPU
  // priority its work for the sampler's 10,000 calls a round does not count as the dashboard's on
  // this 2-core machine. BENCH_NICE_STORAGE=0 measures with Azurite at normal priority.
  const niced = process.env.BENCH_NICE_STORAGE !== "0";
  if (niced) os.setPriority(azurite.child.pid!, STORAGE_NICE);
  const proxy = await startDelayProxy({ host: "127.0.0.1", port: azurite.port }, DELAY_MS);
  const direct = azurite.accountUrl;
  const proxied = `http://127.0.0.1:${proxy.port}/${EMULATOR_ACCOUNT_NAME}`;
  console.log(`Creating ${QUEUES} queues in Azurite (${niced ? `nice ${STORAGE_NICE}` : "normal priority"})…`);
  await mapLimit(
    Array.from({ length: QUEUES }, (_, i) => i),
    32,
    async (i) => {
      const q = service(direct).getQueueClient(`bench-${pad(i)}`);
      await q.create();
      if (i % 10 === 0) await q.sendMessage("m");
    },
  );
  const expected = Math.ceil(QUEUES / 10);
  const accounts = JSON.stringify([
    {
      id: "direct",
      name: "Direct",
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      queueEndpoint: direct,
    },
    {
      id: "proxied",
      name: "Through 20 ms proxy",
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      queueEndpoint: proxied,
    },
  ]);
  const file = `${process.env.TMPDIR ?? "/tmp"}/queuescope-bench-accounts.json`;
  writeFileSync(file, accounts);
  // A round that fails (a deadline on this shared machine) is retried at the next interval.
  const env = { QUEUESCOPE_ACCOUNTS: file, QUEUESCOPE_SAMPLE_INTERVAL: process.env.BENCH_SAMPLE_INTERVAL ?? "30" };
  // BENCH_SPLIT_SAMPLER=1: the deployment README suggests for large accounts, the pages served by an
  // instance with QUEUESCOPE_WORKERS=0 while another instance, on the same state store, samples.
  const split = process.env.BENCH_SPLIT_SAMPLER === "1" ? await startAzurite({}) : null;
  const shared = split ? { ...env, QUEUESCOPE_STATE_CONNECTION_STRING: split.stateConnectionString } : env;
  const server = await startServer(split ? { ...shared, QUEUESCOPE_WORKERS: "0" } : shared);
  const sampler = split ? await startServer(shared, root, { gate: false }) : null;

  if (FIRST_PAINT_ONLY) {
    try {
      if (split) console.log("Pages from an instance with QUEUESCOPE_WORKERS=0; another instance samples.");
      return await firstPaintOnly(server.url);
    } finally {
      await server.stop();
      await sampler?.stop();
      await split?.stop();
      await proxy.close();
      await azurite.stop();
    }
  }
  const results: Record<string, Record<string, number>> = {};
  try {
    // Both accounts' first rounds before any measurement: a round in flight doubles the load on Azurite.
    await Promise.all([waitForRound(server.url, "direct"), waitForRound(server.url, "proxied")]);
    for (const [label, url, account] of [
      ["loopback", direct, "direct"],
      ["20 ms proxy", proxied, "proxied"],
    ] as const) {
      await viaApiStream(server.url, account); // warm the server's route and connections
      const api = await bestOf(RUNS, () => viaApiStream(server.url, account), server.child.pid);
      const check = (total: number) => {
        if (total !== expected) throw new Error(`counted ${total}, expected ${expected}`);
      };
      check(api.result);
      let best = { ms: NaN, concurrency: 0 };
      for (const concurrency of TABLE_ONLY ? [] : [32, 64, 128, 256]) {
        const raw = await bestOf(RUNS, () => rawParallel(url, concurrency));
        check(raw.result);
        if (!(raw.ms >= best.ms)) best = { ms: raw.ms, concurrency };
      }
      const naive = { ms: NaN };
      if (!TABLE_ONLY) naive.ms = ((await measure(() => naiveSequential(url))).ms * QUEUES) / NAIVE_SAMPLE;
      const snapshot = await bestOf(RUNS, () => viaSnapshot(server.url, account));
      if (snapshot.result < QUEUES) throw new Error(`the snapshot has ${snapshot.result} queues, expected ${QUEUES}`);
      await firstHtml(server.url, account); // the page's first compile and route warm-up
      const html = await firstHtml(server.url, account);
      const browser = await browserTimes(server.url, account, account === "proxied" ? proxy : null);
      results[label] = {
        apiMs: api.ms,
        snapshotApiMs: snapshot.ms,
        firstVsSnapshotApi: browser.firstRowsMs / snapshot.ms,
        settledVsApi: browser.settledMs / api.ms,
        ...html,
        naiveMs: naive.ms,
        bestRawMs: best.ms,
        bestRawConcurrency: best.concurrency,
        liveVsApi: browser.liveMs / api.ms,
        speedupVsNaive: naive.ms / api.ms,
        ratioVsBestRaw: api.ms / best.ms,
        serverBaseMiB: api.baseMiB,
        serverPeakMiB: api.peakMiB,
        ...browser,
      };
    }
  } finally {
    await server.stop();
    await sampler?.stop();
    await split?.stop();
    await proxy.close();
    await azurite.stop();
  }

  const f = (n: number) => n.toFixed(0);
  console.log(`\nListing ${QUEUES} queues with counts (ms; lower is better)\n`);
  console.log(
    table([
      [
        "path",
        "API",
        `naive seq. (×${QUEUES / NAIVE_SAMPLE} of ${NAIVE_SAMPLE})`,
        "best raw (conc.)",
        "API speed-up vs naive",
        "API / best raw",
        "server RSS base→peak MiB",
      ],
      ...Object.entries(results).map(([label, r]) => [
        label,
        f(r.apiMs!),
        f(r.naiveMs!),
        `${f(r.bestRawMs!)} (${r.bestRawConcurrency})`,
        `${r.speedupVsNaive!.toFixed(1)}×`,
        `${r.ratioVsBestRaw!.toFixed(2)}×`,
        `${f(r.serverBaseMiB!)}→${f(r.serverPeakMiB!)}`,
      ]),
    ]),
  );
  console.log(
    `\nQueue table in Chromium, ${QUEUES} queues (ms after navigation; storage calls through the proxy during the page view)\n`,
  );
  console.log(
    table([
      [
        "path",
        "first rows with counts painted (in DOM; seen from outside)",
        "snapshot API",
        "first rows / snapshot API",
        "first HTML (KiB, has counts)",
        "all rows settled",
        "settled / counting API",
        "filter key max (median)",
        "live refresh",
        "live / API",
        "list calls",
        "other calls",
      ],
      ...Object.entries(results).map(([label, r]) => [
        label,
        `${f(r.firstRowsMs!)} (${f(r.firstInDomMs!)}; ${f(r.seenByPlaywrightMs!)})`,
        f(r.snapshotApiMs!),
        `${r.firstVsSnapshotApi!.toFixed(2)}×`,
        `${f(r.htmlMs!)} ms (${f(r.htmlKiB!)}, ${r.htmlHasCounts ? "yes" : "no"})`,
        f(r.settledMs!),
        `${r.settledVsApi!.toFixed(2)}×`,
        `${r.keyMaxMs!.toFixed(1)} (${r.keyMedianMs!.toFixed(1)})`,
        f(r.liveMs!),
        `${r.liveVsApi!.toFixed(2)}×`,
        Number.isNaN(r.listCalls) ? "—" : String(r.listCalls),
        Number.isNaN(r.otherCalls) ? "—" : String(r.otherCalls),
      ]),
    ]),
  );
  const proxiedR = results["20 ms proxy"]!;
  const sweeps = TABLE_ONLY
    ? []
    : ([
        [`through the proxy ≥5× faster than naive`, proxiedR.speedupVsNaive! >= 5],
        [`loopback ≤1.2× best raw`, results.loopback!.ratioVsBestRaw! <= 1.2],
        [`proxy ≤1.2× best raw`, proxiedR.ratioVsBestRaw! <= 1.2],
      ] as const);
  const targets = [
    ...sweeps,
    ...Object.entries(results).flatMap(
      ([label, r]) =>
        [
          [`${label}: the first HTML holds the first row with its sampled count`, r.htmlHasCounts === 1],
          [`${label}: first rows with counts ≤ 500 ms`, r.firstRowsMs! <= 500],
          [`${label}: the page settles ≤ 1.1× the counting API`, r.settledVsApi! <= 1.1],
          [`${label}: a filter keystroke repaints in ≤ 50 ms`, r.keyMaxMs! <= 50],
          [`${label}: live refresh ≤ 1.1× the API`, r.liveVsApi! <= 1.1],
        ] as const,
    ),
    // The health banner's reachability probe is a one-queue list page of its own.
    [
      `page view through the proxy: list pages only (${Math.ceil(QUEUES / 5000)} + the health probe), no call per queue`,
      proxiedR.otherCalls === 0 && proxiedR.listCalls! <= Math.ceil(QUEUES / 5000) + 1,
    ],
  ] as const;
  for (const [name, ok] of targets) console.log(`${ok ? "MET " : "MISS"} ${name}`);
  return { queues: results, targetsMet: targets.every(([, ok]) => ok) };
}
