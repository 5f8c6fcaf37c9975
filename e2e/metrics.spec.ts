// Sampled figures on screen: a Queuescope of its own sampling every 5 s, data sent with the raw SDK.
import { mkdirSync } from "node:fs";
import type { QueueClient } from "@azure/storage-queue";
import { expect, test as base } from "./support/fixtures";
import { ChartFigure, OverviewPage, QueueMetricsTab } from "./support/metrics-pages";
import { QueuesPage } from "./support/pages";
import { startQueuescope } from "./support/queuescope";
import type { SharedInstance } from "./support/shared";
import { uniqueQueueName } from "./support/storage";

const SHOTS = "/tmp/ui15-shots";
const test = base.extend<object, { app: SharedInstance }>({
  app: [
    async ({}, provide) => {
      const instance = await startQueuescope({ env: { QUEUESCOPE_SAMPLE_INTERVAL: "5" } });
      try {
        await provide(instance);
      } finally {
        await instance.stop();
      }
    },
    { scope: "worker", timeout: 150_000 },
  ],
});
test.describe.configure({ mode: "serial" });

interface SnapshotQueue {
  name: string;
  count: number;
  previousCount: number | null;
  growing: boolean;
}

/** Polls the snapshot until `ok` holds for the queue: a sampling round has seen what we sent. */
async function untilSampled(baseURL: string, queue: string, ok: (q: SnapshotQueue) => boolean): Promise<void> {
  await expect
    .poll(
      async () => {
        const res = await fetch(`${baseURL}/api/accounts/local/snapshot`);
        const body = (await res.json()) as { queues: SnapshotQueue[] };
        const q = body.queues.find((x) => x.name === queue);
        return !!q && ok(q);
      },
      { timeout: 40_000, intervals: [500] },
    )
    .toBe(true);
}

/** Sends a message every 700 ms until stopped: the queue keeps growing across rounds. */
function keepSending(q: QueueClient): () => Promise<void> {
  let on = true;
  const loop = (async () => {
    while (on) {
      await q.sendMessage("tick");
      await new Promise((r) => setTimeout(r, 700));
    }
  })();
  return async () => {
    on = false;
    await loop;
  };
}

let queue = "";
test.beforeAll(async ({ storage }) => {
  mkdirSync(SHOTS, { recursive: true });
  queue = uniqueQueueName("e2e-growth");
  await storage.getQueueClient(queue).create();
});
test.afterAll(async ({ storage }) => {
  await storage.getQueueClient(queue).deleteIfExists();
});

test("the queue table paints sampled counts, the sparkline and the change since the previous round", async ({
  page,
  storage,
  baseURL,
}) => {
  await untilSampled(baseURL!, queue, (q) => q.count === 0);
  const q = storage.getQueueClient(queue);
  for (const text of ["a", "b", "c"]) await q.sendMessage(text);
  await untilSampled(baseURL!, queue, (s) => s.count === 3 && s.previousCount === 0);

  const queues = new QueuesPage(page);
  await queues.goto();
  const row = queues.row(queue);
  await expect(queues.countCell(queue)).toHaveText("3");
  await expect(row.getByRole("cell").filter({ hasText: /^\+3$/ })).toHaveCount(1);
  const spark = row.getByRole("img", { name: new RegExp(`^${queue} trend\\. Last 24 h: from \\d+ to 3, peak 3$`) });
  await expect(spark).toBeVisible();
  await expect(spark.locator("polyline, circle")).not.toHaveCount(0);
  await expect(page.getByText(/^Counts as of \d+ s ago \(last sampling round, every 5 s\)/)).toBeVisible();
  await expect(row.getByText("growing", { exact: true })).toBeVisible();

  await page.getByRole("checkbox", { name: "Growing" }).check();
  await expect(queues.rows).toHaveCount(1);
  await expect(queues.row(queue)).toHaveCount(1);
  await page.getByRole("checkbox", { name: "Growing" }).uncheck();
  await page.getByRole("checkbox", { name: "Poison not empty" }).check();
  await expect(queues.rows).toHaveCount(1);
  await expect(queues.row("orders-poison")).toHaveCount(1);
  await page.screenshot({ path: `${SHOTS}/e2e-table-light.png`, fullPage: true });
});

test("the queue page's Metrics tab charts depth and age, with a summary and a data table", async ({
  page,
  baseURL,
}) => {
  await untilSampled(baseURL!, queue, (s) => s.count === 3);
  await page.goto(`/accounts/local/queues/${queue}`);
  await expect(page.getByRole("tab", { name: "Messages" })).toHaveAttribute("aria-selected", "true");
  const metrics = new QueueMetricsTab(page);
  await metrics.tab.click();
  await expect(metrics.chart.figure).toHaveAccessibleDescription(
    new RegExp(`^${queue}, last 24h: \\d+ samples; depth from \\d+ to 3, peak 3`),
  );
  await expect(metrics.chart.canvas).toBeVisible();
  await expect.poll(() => metrics.chart.pixelsNear("#1d4ed8")).toBeGreaterThan(20);
  await metrics.chart.tableToggle.click();
  await expect(metrics.chart.dataTable.getByRole("columnheader")).toHaveText([
    "Time",
    "Depth",
    "Oldest age (est.)",
    "Net rate",
  ]);
  await expect(metrics.chart.dataTable.getByRole("row").last().getByRole("cell").nth(1)).toHaveText("3");
  await metrics.range("1 h").click();
  await expect(metrics.range("1 h")).toHaveAttribute("aria-pressed", "true");
  await expect(metrics.chart.figure).toHaveAccessibleDescription(new RegExp(`^${queue}, last 1h: `));
});

test("the overview shows the growing queue and the non-empty poison queue, linked to their pages", async ({
  page,
  storage,
  baseURL,
}) => {
  const stop = keepSending(storage.getQueueClient(queue));
  try {
    await untilSampled(baseURL!, queue, (s) => s.growing);
    const overview = new OverviewPage(page);
    await overview.goto();
    const account = "Local emulator";
    await expect(
      overview.list(account, "Poison queues not empty").getByRole("link", { name: "orders-poison" }),
    ).toHaveAttribute("href", "/accounts/local/queues/orders-poison?tab=metrics");
    await expect(overview.list(account, "Alerts firing")).toContainText("None firing.");
    await expect(async () => {
      await page.reload();
      await expect(overview.list(account, "Top growing").getByRole("link", { name: queue })).toBeVisible({
        timeout: 2_000,
      });
    }).toPass({ timeout: 30_000 });
    await expect(overview.chart(account).figure).toHaveAccessibleDescription(
      /total depth over the last 24 h: \d+ points/,
    );
    await page.screenshot({ path: `${SHOTS}/e2e-overview-light.png`, fullPage: true });
  } finally {
    await stop();
  }
});

test("in the dark theme the chart is drawn in the dark theme's colours", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(`/accounts/local/queues/${queue}?tab=metrics`);
  await expect(page.locator("html")).toHaveClass(/dark/);
  const chart = new ChartFigure(page.getByRole("figure", { name: /depth and oldest message age/ }));
  await expect(chart.canvas).toBeVisible();
  await expect.poll(() => chart.pixelsNear("#60a5fa")).toBeGreaterThan(20);
  expect(await chart.pixelsNear("#1d4ed8")).toBe(0);
  await page.screenshot({ path: `${SHOTS}/e2e-queue-dark.png`, fullPage: true });
});
