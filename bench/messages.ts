// Issue 4: peek of 32 through the API vs the raw SDK call; inspector render of a 64 KiB JSON message.
import { writeFileSync } from "node:fs";
import { QueueServiceClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import { chromium } from "@playwright/test";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../lib/config/accounts";
import { startAzurite } from "../scripts/lib/azurite";
import { benchExpandAll, benchFilter, fillListQueue, LIST_SIZE } from "./message-list";
import { median, startDelayProxy, startServer, table, time } from "./support";

const ITERATIONS = 60;
const credential = new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY);

function bigJson(): string {
  const items: object[] = [];
  let text = "";
  for (let i = 0; ; i++) {
    items.push({
      id: i,
      sku: `SKU-${i}`,
      name: `Item number ${i}`,
      price: i * 1.25,
      tags: ["a", "b"],
      nested: { ok: i % 2 === 0 },
    });
    const next = JSON.stringify({ orderId: "ord-big", items });
    if (Buffer.byteLength(next) > 65_000) return text;
    text = next;
  }
}

export async function benchMessages() {
  const azurite = await startAzurite({ port: 0 });
  const proxy = await startDelayProxy({ host: "127.0.0.1", port: azurite.port }, 20);
  const proxied = `http://127.0.0.1:${proxy.port}/${EMULATOR_ACCOUNT_NAME}`;
  const queue = new QueueServiceClient(azurite.accountUrl, credential).getQueueClient("peek-bench");
  await queue.create();
  for (let i = 0; i < 40; i++)
    await queue.sendMessage(Buffer.from(JSON.stringify({ i, payload: "x".repeat(200) })).toString("base64"));
  const big = bigJson();
  const bigQueue = new QueueServiceClient(azurite.accountUrl, credential).getQueueClient("render-bench");
  await bigQueue.create();
  await bigQueue.sendMessage(big);
  await fillListQueue(new QueueServiceClient(azurite.accountUrl, credential).getQueueClient("filter-bench"));

  const file = `${process.env.TMPDIR ?? "/tmp"}/queuescope-bench-messages.json`;
  writeFileSync(
    file,
    JSON.stringify([
      {
        id: "direct",
        name: "Direct",
        accountName: EMULATOR_ACCOUNT_NAME,
        accountKey: EMULATOR_ACCOUNT_KEY,
        queueEndpoint: azurite.accountUrl,
      },
      {
        id: "proxied",
        name: "Proxied",
        accountName: EMULATOR_ACCOUNT_NAME,
        accountKey: EMULATOR_ACCOUNT_KEY,
        queueEndpoint: proxied,
      },
    ]),
  );
  const server = await startServer({ QUEUESCOPE_ACCOUNTS: file });
  const rows: (string | number)[][] = [["path", "API median ms", "raw SDK median ms", "API / raw"]];
  const results: Record<string, { apiMs: number; rawMs: number; ratio: number }> = {};
  try {
    for (const [label, account, url] of [
      ["loopback", "direct", azurite.accountUrl],
      ["20 ms proxy", "proxied", proxied],
    ] as const) {
      const raw = new QueueServiceClient(url, credential).getQueueClient("peek-bench");
      const api = `${server.url}/api/accounts/${account}/queues/peek-bench/messages?count=32`;
      const apiTimes: number[] = [];
      const rawTimes: number[] = [];
      for (let i = 0; i < ITERATIONS + 5; i++) {
        // Interleaved, so both see the same machine; the first five warm up.
        const a = await time(async () => {
          const r = await fetch(api);
          if ((await r.json()).messages.length !== 32) throw new Error("short peek");
        });
        const b = await time(async () => {
          if ((await raw.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.length !== 32)
            throw new Error("short peek");
        });
        if (i >= 5) {
          apiTimes.push(a);
          rawTimes.push(b);
        }
      }
      const r = { apiMs: median(apiTimes), rawMs: median(rawTimes), ratio: median(apiTimes) / median(rawTimes) };
      results[label] = r;
      rows.push([label, r.apiMs.toFixed(1), r.rawMs.toFixed(1), `${r.ratio.toFixed(2)}×`]);
    }

    const browser = await chromium.launch({
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
    const renders: number[] = [];
    let list: Awaited<ReturnType<typeof benchFilter>> & { expandAllMs: number };
    try {
      const page = await browser.newPage();
      for (let i = 0; i < 5; i++) {
        await page.goto(`${server.url}/accounts/direct/queues/render-bench`);
        const row = page.getByRole("button", { name: /Inspect message/ }).first();
        await row.waitFor();
        const started = performance.now();
        await row.click();
        await page.getByTestId("json-view").waitFor();
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(null))));
        renders.push(performance.now() - started);
      }
      const expandAllMs = await benchExpandAll(page, `${server.url}/accounts/direct/queues/render-bench`);
      list = { ...(await benchFilter(page, `${server.url}/accounts/direct/queues/filter-bench`)), expandAllMs };
    } finally {
      await browser.close();
    }
    console.log(`\nPeek of 32 messages (median of ${ITERATIONS})\n`);
    console.log(table(rows));
    const renderMs = median(renders);
    console.log(
      `\nInspector render of a ${Buffer.byteLength(big).toLocaleString()}-byte JSON message: median ${renderMs.toFixed(0)} ms (click to painted JSON view, 5 runs)`,
    );
    const peekMet = Object.values(results).every((r) => r.ratio <= 1.3);
    console.log(`${peekMet ? "MET " : "MISS"} peek through the API ≤1.3× the raw SDK call`);
    console.log(
      `\nFilter over ${LIST_SIZE.toLocaleString()} deep-browsed messages, input to painted frame (median of 12): substring ${list.substringMs.toFixed(1)} ms, JSONPath ${list.jsonPathMs.toFixed(1)} ms`,
    );
    const filterMet = Math.max(list.substringMs, list.jsonPathMs) <= 50;
    console.log(
      `${filterMet ? "MET " : "MISS"} filtering ${LIST_SIZE.toLocaleString()} loaded messages repaints in ≤50 ms`,
    );
    console.log(
      `Inspector expand-all of the ${Buffer.byteLength(big).toLocaleString()}-byte JSON message: median ${list.expandAllMs.toFixed(0)} ms (click to painted tree, 5 runs)`,
    );
    const expandMet = list.expandAllMs <= 200;
    console.log(`${expandMet ? "MET " : "MISS"} inspector for a 64 KiB JSON with expand-all renders in ≤200 ms`);
    return {
      peek: results,
      renderMs,
      bytes: Buffer.byteLength(big),
      list,
      targetsMet: peekMet && filterMet && expandMet,
    };
  } finally {
    await server.stop();
    await proxy.close();
    await azurite.stop();
  }
}
