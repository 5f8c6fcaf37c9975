// On an instance of its own: other specs add queues to the shared account, and these assertions
// are about the exact seeded set.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, isolatedTest as test, SCREENSHOTS } from "./support/fixtures";
import { QueuesPage } from "./support/pages";
import { uniqueQueueName } from "./support/storage";

// What scripts/lib/seed.ts puts in a new emulator.
const SEEDED = [
  { name: "orders", count: "12" },
  { name: "orders-poison", count: "5" },
  { name: "emails", count: "3" },
  { name: "thumbnails", count: "2" },
  { name: "audit-events", count: "0" },
];

test("/ is the overview; the queue table is one link away", async ({ page, queuesPage }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page).toHaveTitle("Overview · Queuescope");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Queues" }).click();
  await expect(page).toHaveURL(/\/accounts\/local\/queues$/);
  await expect(queuesPage.heading).toBeVisible();
  await expect(page).toHaveTitle("Queues · Queuescope");
});

test("lists every seeded queue with its approximate message count", async ({ page, queuesPage }) => {
  await queuesPage.goto();
  await queuesPage.waitForCounts();
  await expect(queuesPage.rows).toHaveCount(SEEDED.length);
  for (const { name, count } of SEEDED) {
    await expect(queuesPage.row(name), name).toHaveCount(1);
    await expect(queuesPage.countCell(name), `count of ${name}`).toHaveText(count);
  }
  await expect(queuesPage.summary).toHaveText("5 queues · ~22 messages (approximate)");

  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, "queues-light.png"), fullPage: true });
  await queuesPage.shell.themeToggle.click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.screenshot({ path: path.join(SCREENSHOTS, "queues-dark.png"), fullPage: true });
});

test("shows queue metadata as chips and marks poison queues", async ({ queuesPage }) => {
  await queuesPage.goto();
  const orders = queuesPage.metadataCell("orders");
  await expect(orders.getByText("team=checkout", { exact: true })).toBeVisible();
  await expect(orders.getByText("owner=ops", { exact: true })).toBeVisible();
  await expect(queuesPage.metadataCell("audit-events").getByText("retention=30d", { exact: true })).toBeVisible();
  await expect(queuesPage.metadataCell("emails")).toHaveText("");

  const poison = queuesPage.row("orders-poison");
  await expect(poison.getByText("poison", { exact: true })).toBeVisible();
  await expect(poison.getByRole("link", { name: "Parent queue orders" })).toHaveAttribute(
    "href",
    "/accounts/local/queues/orders",
  );
  await expect(queuesPage.row("orders").getByText("poison", { exact: true })).toHaveCount(0);
});

test("an unknown account shows the not-found page", async ({ page }) => {
  const response = await page.goto("/accounts/nope/queues");
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByText("This account or page does not exist")).toBeVisible();
  expect(response?.status()).toBe(404);
  await expect(new QueuesPage(page).table).toHaveCount(0);
});

// Last in this file (its tests run in order, in one worker): it adds a queue, which the exact
// totals above must not see. It deletes the queue again.
test("Refresh shows messages another producer sent since the page loaded", async ({ queuesPage, storage }) => {
  const name = uniqueQueueName("e2e-refresh");
  const queue = storage.getQueueClient(name);
  await queue.create();
  try {
    await queuesPage.goto();
    await expect(queuesPage.countCell(name)).toHaveText("0");

    for (const text of ["one", "two", "three"]) await queue.sendMessage(text);
    await queuesPage.refresh();
    await expect(queuesPage.countCell(name)).toHaveText("3");
    await expect(queuesPage.summary).toHaveText("6 queues · ~25 messages (approximate)");
    await expect(queuesPage.refreshButton).toHaveText("Refresh");
    await expect(queuesPage.refreshButton).toBeEnabled();
  } finally {
    await queue.deleteIfExists();
  }
});
