// AZURE_STORAGE_CONNECTION_STRING: one account, no embedded emulator, no demo data.
import { expect, test } from "./support/fixtures";
import { QueuesPage } from "./support/pages";
import { startQueuescope, type QueuescopeInstance } from "./support/queuescope";
import { EMULATOR_ACCOUNT_KEY, emulatorService, startBareAzurite } from "./support/storage";
import type { AzuriteProcess } from "../scripts/lib/azurite";

const QUEUE = "from-connection-string";
let azurite: AzuriteProcess | undefined;
let instance: QueuescopeInstance | undefined;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  azurite = await startBareAzurite();
  await emulatorService(azurite.accountUrl).getQueueClient(QUEUE).create();
  instance = await startQueuescope({
    env: {
      AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${EMULATOR_ACCOUNT_KEY};QueueEndpoint=${azurite.accountUrl};`,
    },
  });
});

test.afterAll(async () => {
  await instance?.stop();
  await azurite?.stop();
});

test("GET /api/accounts lists exactly the configured account, without its key", async ({ request }) => {
  const res = await request.get(`${instance!.url}/api/accounts`);
  expect(res.status()).toBe(200);
  const text = await res.text();
  expect(text).not.toContain(EMULATOR_ACCOUNT_KEY);
  const { accounts } = JSON.parse(text) as { accounts: { id: string; kind: string; queueEndpoint: string }[] };
  expect(accounts).toHaveLength(1);
  expect(accounts[0]).toMatchObject({
    id: "devstoreaccount1",
    kind: "connection-string",
    queueEndpoint: azurite!.accountUrl,
  });
});

test("the dashboard opens that account and lists its queues, not the demo set", async ({ page }) => {
  const bodies: Promise<string>[] = [];
  page.on("response", (res) => {
    if (res.url().startsWith(instance!.url) && res.status() < 300) bodies.push(res.text().catch(() => ""));
  });
  const queues = new QueuesPage(page, instance!.url);

  await page.goto(`${instance!.url}/`);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Queues" }).click();
  await expect(page).toHaveURL(/\/accounts\/devstoreaccount1\/queues$/);
  await queues.ready();
  await queues.waitForCounts();
  await expect(queues.row(QUEUE)).toHaveCount(1);
  await expect(queues.countCell(QUEUE)).toHaveText("0");
  await expect(queues.queueLink("orders")).toHaveCount(0);
  await expect(queues.summary).toHaveText("1 queue · ~0 messages (approximate)");
  await expect(queues.shell.accountSelect).toHaveValue("devstoreaccount1");
  await expect(queues.shell.unreachableBanner).toHaveCount(0);

  expect(await page.content()).not.toContain(EMULATOR_ACCOUNT_KEY);
  const seen = await Promise.all(bodies);
  expect(seen.length).toBeGreaterThan(3);
  for (const body of seen) expect(body).not.toContain(EMULATOR_ACCOUNT_KEY);
});
