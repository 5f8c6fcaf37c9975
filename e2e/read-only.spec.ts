// Read-only mode, globally (QUEUESCOPE_READ_ONLY=1) and per account ("readOnly": true): a banner
// says so, no control that would change anything is offered, reading still works, and the
// server refuses a mutation sent past the UI with 403 read_only.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import type { QueueServiceClient } from "@azure/storage-queue";
import { expect, SCREENSHOTS, test } from "./support/fixtures";
import { QueuesPage } from "./support/pages";
import { QueuePage } from "./support/queue-page";
import { auditLog } from "./support/auth";
import { startQueuescope, tempDir, type QueuescopeInstance } from "./support/queuescope";
import {
  EMULATOR_ACCOUNT_KEY,
  EMULATOR_ACCOUNT_NAME,
  emulatorService,
  queueEndpointOf,
  startBareAzurite,
} from "./support/storage";
import type { AzuriteProcess } from "../scripts/lib/azurite";

/** Accessible names of every control that changes queues, messages or settings (see components/). */
const MUTATING = {
  queueList: ["+ New queue"],
  queueHeader: ["Move messages…", "Delete queue…", /^Redrive to /],
  messages: ["Send message…", "Import…", "Deep browse…", "Export all…", "Clear queue…", "Receive", "Edit", "Delete"],
  properties: ["Edit metadata", "Edit policies", "Generate SAS URL", "Save metadata", "Save policies"],
  settings: [/^Review and save/, "Discard changes", "+ Add rule", /^Remove rule/],
} as const;

function button(page: Page, name: string | RegExp): Locator {
  return page.getByRole("button", typeof name === "string" ? { name, exact: true } : { name });
}

async function expectNoButtons(page: Page, names: readonly (string | RegExp)[]): Promise<void> {
  for (const name of names) await expect(button(page, name), `button ${String(name)}`).toHaveCount(0);
}

function banner(page: Page): Locator {
  return page.getByRole("status").filter({ hasText: /^Read-only\./ });
}

/** POSTs a message the way the app's own client does (same origin, JSON), from inside the page. */
async function sendFromPage(
  page: Page,
  account: string,
  queue: string,
  text: string,
): Promise<{ status: number; body: { error?: { code?: string } } }> {
  return page.evaluate(
    async ({ account, queue, text }) => {
      const res = await fetch(`/api/accounts/${account}/queues/${queue}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ text }),
      });
      return { status: res.status, body: (await res.json()) as { error?: { code?: string } } };
    },
    { account, queue, text },
  );
}

async function peekTexts(storage: QueueServiceClient, queue: string): Promise<string[]> {
  const { peekedMessageItems } = await storage.getQueueClient(queue).peekMessages({ numberOfMessages: 32 });
  return peekedMessageItems.map((m) => m.messageText);
}

async function approximateCount(storage: QueueServiceClient, queue: string): Promise<number> {
  return (await storage.getQueueClient(queue).getProperties()).approximateMessagesCount ?? -1;
}

test.describe("QUEUESCOPE_READ_ONLY=1", () => {
  let instance: QueuescopeInstance | undefined;
  let storage: QueueServiceClient;
  const BANNER = "Read-only. Queuescope runs in read-only mode (QUEUESCOPE_READ_ONLY).";

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    instance = await startQueuescope({ env: { QUEUESCOPE_READ_ONLY: "1" } });
    storage = emulatorService(await queueEndpointOf(instance.url, "local"));
  });

  test.afterAll(async () => {
    await instance?.stop();
  });

  test("the queue list shows the banner and no New queue button", async ({ page }) => {
    const queues = new QueuesPage(page, instance!.url);
    await queues.goto("local");
    await queues.waitForCounts();
    await expect(queues.row("orders")).toHaveCount(1);
    await expect(banner(page)).toHaveText(
      `${BANNER} Controls that would change queues, messages or settings are hidden.`,
    );
    await expectNoButtons(page, MUTATING.queueList);
    // Reading controls stay.
    await expect(queues.refreshButton).toBeEnabled();
    await expect(
      page.getByRole("combobox", { name: "Account" }).getByRole("option", { name: "Local emulator (read-only)" }),
    ).toHaveCount(1);
  });

  test("a queue page peeks and inspects messages but offers nothing that changes them", async ({ page }) => {
    test.setTimeout(120_000);
    const queue = new QueuePage(page);
    await page.goto(`${instance!.url}/accounts/local/queues/orders?tab=messages`);
    await expect(queue.heading).toContainText("orders");
    await expect(banner(page)).toContainText(BANNER);
    // Peeking works: the seeded 12 orders are listed and one opens in the inspector.
    await expect(queue.messageRows).toHaveCount(12);
    await queue.messageRows.first().click();
    await expect(queue.inspector).toContainText("ord-");
    await expect(button(page, "Peek again")).toBeEnabled();
    await expect(button(page, "Export JSON")).toBeEnabled();
    await expect(page.getByRole("region", { name: "Dequeue" })).toHaveCount(0);
    await expectNoButtons(page, [...MUTATING.queueHeader, ...MUTATING.messages]);

    await queue.propertiesTab.click();
    await expect(
      page.getByText("This account is read-only in Queuescope, so it does not hand out SAS URLs."),
    ).toBeVisible();
    // Metadata and stored access policies are still shown.
    await expect(page.getByText("checkout", { exact: true })).toBeVisible();
    await expect(page.getByText(/^Stored access policies \(0 of 5\)$/)).toBeVisible();
    await expect(page.getByText(/^No stored access policies\./)).toBeVisible();
    await expectNoButtons(page, [...MUTATING.queueHeader, ...MUTATING.properties]);

    // The poison queue would offer a redrive to operators.
    await page.goto(`${instance!.url}/accounts/local/queues/orders-poison?tab=messages`);
    await expect(queue.messageRows).toHaveCount(5);
    await expectNoButtons(page, [...MUTATING.queueHeader, ...MUTATING.messages]);
  });

  test("settings are shown, not editable", async ({ page }) => {
    await page.goto(`${instance!.url}/accounts/local/settings`);
    await expect(page.getByRole("heading", { level: 1, name: "Queue service settings" })).toBeVisible();
    await expect(page.getByText(/^CORS rules \(\d of 5\)$/)).toBeVisible();
    await expect(
      page.getByRole("main").getByText("Queuescope runs in read-only mode (QUEUESCOPE_READ_ONLY).", { exact: true }),
    ).toBeVisible();
    await expect(page.getByRole("checkbox", { name: "Hour metrics enabled" })).toBeDisabled();
    await expect(banner(page)).toContainText(BANNER);
    await expectNoButtons(page, MUTATING.settings);
  });

  test("a same-origin POST sent past the UI is refused with read_only and changes nothing", async ({ page }) => {
    const before = { count: await approximateCount(storage, "emails"), texts: await peekTexts(storage, "emails") };
    expect(before.texts.length).toBeGreaterThan(0);
    const queues = new QueuesPage(page, instance!.url);
    await queues.goto("local");

    const res = await sendFromPage(page, "local", "emails", "should never arrive");
    expect(res.status).toBe(403);
    expect(res.body.error?.code).toBe("read_only");

    expect(await approximateCount(storage, "emails")).toBe(before.count);
    expect(await peekTexts(storage, "emails")).toEqual(before.texts);
    // The refusal is audited as denied.
    const audit = (await auditLog(instance!.url)).entries;
    expect(audit.at(-1)).toMatchObject({
      action: "message.send",
      account: "local",
      queue: "emails",
      outcome: "denied",
      status: 403,
      error: "read_only",
    });
  });

  test("screenshots of the read-only queue page, light and dark", async ({ page }) => {
    const queue = new QueuePage(page);
    await page.goto(`${instance!.url}/accounts/local/queues/orders?tab=messages`);
    await expect(queue.messageRows).toHaveCount(12);
    await expect(banner(page)).toBeVisible();
    await page.screenshot({ path: path.join(SCREENSHOTS, "read-only-queue-light.png"), fullPage: true });
    await page.getByRole("button", { name: "Switch to dark theme" }).click();
    await expect(page.locator("html")).toHaveClass(/\bdark\b/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "read-only-queue-dark.png"), fullPage: true });
  });
});

test.describe('an account with "readOnly": true next to a writable one on the same emulator', () => {
  const QUEUE = "shared-orders";
  let azurite: AzuriteProcess | undefined;
  let instance: QueuescopeInstance | undefined;
  let storage: QueueServiceClient;
  let configDir: string | undefined;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    azurite = await startBareAzurite();
    storage = emulatorService(azurite.accountUrl);
    await storage.getQueueClient(QUEUE).create();
    await storage.getQueueClient(QUEUE).sendMessage("first");
    await storage.getQueueClient(QUEUE).sendMessage("second");
    configDir = tempDir("ro-accounts");
    mkdirSync(configDir, { recursive: true });
    const accountsFile = path.join(configDir, "accounts.json");
    writeFileSync(
      accountsFile,
      JSON.stringify([
        {
          id: "frozen",
          name: "Frozen",
          readOnly: true,
          connectionString: `DefaultEndpointsProtocol=http;AccountName=${EMULATOR_ACCOUNT_NAME};AccountKey=${EMULATOR_ACCOUNT_KEY};QueueEndpoint=${azurite.accountUrl};`,
        },
        {
          id: "live",
          name: "Live",
          accountName: EMULATOR_ACCOUNT_NAME,
          accountKey: EMULATOR_ACCOUNT_KEY,
          queueEndpoint: azurite.accountUrl,
        },
      ]),
    );
    instance = await startQueuescope({ env: { QUEUESCOPE_ACCOUNTS: accountsFile } });
  });

  test.afterAll(async () => {
    await instance?.stop();
    await azurite?.stop();
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  test("the read-only account has the banner and no controls; switching to the other brings them back", async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const queues = new QueuesPage(page, instance!.url);
    const queue = new QueuePage(page);

    await queues.goto("frozen");
    await queues.waitForCounts();
    await expect(queues.row(QUEUE)).toHaveCount(1);
    await expect(banner(page)).toHaveText(
      'Read-only. The account "frozen" is configured read-only. Controls that would change queues, messages or settings are hidden.',
    );
    await expectNoButtons(page, MUTATING.queueList);

    await queues.queueLink(QUEUE).click();
    await expect(queue.messageRows).toHaveCount(2);
    await expect(banner(page)).toBeVisible();
    await expectNoButtons(page, [...MUTATING.queueHeader, ...MUTATING.messages]);
    await queue.propertiesTab.click();
    await expect(
      page.getByText("This account is read-only in Queuescope, so it does not hand out SAS URLs."),
    ).toBeVisible();
    await expectNoButtons(page, MUTATING.properties);

    const refused = await sendFromPage(page, "frozen", QUEUE, "refused");
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "read_only" } } });
    expect(await peekTexts(storage, QUEUE)).toEqual(["first", "second"]);

    // The switcher marks the read-only account and leads to the writable one.
    const switcher = page.getByRole("combobox", { name: "Account" });
    await expect(switcher.getByRole("option", { name: "Frozen (read-only)" })).toHaveCount(1);
    await expect(switcher.getByRole("option", { name: "Live", exact: true })).toHaveCount(1);
    await switcher.selectOption("live");
    await expect(page).toHaveURL(/\/accounts\/live\/queues$/);
    await queues.ready();
    await queues.waitForCounts();
    await expect(button(page, "+ New queue")).toBeVisible();
    await expect(banner(page)).toHaveCount(0);

    await queues.queueLink(QUEUE).click();
    await expect(queue.messageRows).toHaveCount(2);
    for (const name of [
      "Send message…",
      "Import…",
      "Deep browse…",
      "Export all…",
      "Clear queue…",
      "Move messages…",
      "Delete queue…",
      "Receive",
    ]) {
      await expect(button(page, name), name).toBeVisible();
    }
    await expect(page.getByRole("region", { name: "Dequeue" })).toBeVisible();
    await expect(banner(page)).toHaveCount(0);
    await queue.propertiesTab.click();
    for (const name of ["Edit metadata", "Edit policies", "Generate SAS URL"])
      await expect(button(page, name), name).toBeVisible();

    // The same queue, reached through the writable account, takes the message.
    const sent = await sendFromPage(page, "live", QUEUE, "third");
    expect(sent.status).toBe(201);
    expect(await peekTexts(storage, QUEUE)).toEqual(["first", "second", "third"]);
  });
});
