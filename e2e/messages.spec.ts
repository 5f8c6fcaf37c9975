import { readFileSync } from "node:fs";
import { expect, test } from "./support/fixtures";
import { toast as findToast } from "./support/pages";
import { QueuePage } from "./support/queue-page";
import { uniqueQueueName } from "./support/storage";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

test.describe("message inspector", () => {
  test("decodes Azure Functions' base64 JSON, and shows stored text on request", async ({ page }) => {
    const queue = new QueuePage(page);
    await queue.goto("orders-poison");
    await expect(queue.messageRows).toHaveCount(5);
    await queue.messageRows.first().click();
    await expect(queue.inspector.getByTestId("json-view")).toContainText('"orderId"');
    await expect(queue.inspector).toContainText("Base64-decoded · JSON");
    await queue.inspector.getByRole("combobox", { name: "Show as" }).selectOption("text");
    await expect(queue.inspector.getByLabel("Message content")).toContainText(/^eyJ/);
  });

  test("keeps plain words as text, shows markup as data, and searches decoded text", async ({ page, storage }) => {
    const name = uniqueQueueName("e2e-decode");
    const client = storage.getQueueClient(name);
    await client.create();
    await client.sendMessage("test");
    await client.sendMessage('<img src=x onerror="window.__xss=1">');
    await client.sendMessage(b64("needle in base64"));
    let dialogs = 0;
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    const queue = new QueuePage(page);
    await queue.goto(name);
    await expect(queue.messageRows).toHaveCount(3);
    await queue.messageRows.nth(1).click();
    await expect(queue.inspector.getByLabel("Message content")).toContainText('<img src=x onerror="window.__xss=1">');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator("img[src=x]").count()).toBe(0);
    expect(dialogs).toBe(0);
    await queue.messageRows.first().click();
    await expect(queue.inspector).toContainText("Stored text · TEXT");

    await page.getByRole("searchbox", { name: "Search loaded messages" }).fill("needle");
    await expect(queue.messageRows).toHaveCount(1);
    await expect(queue.messageRows.first()).toContainText("needle in base64");
  });

  test("sends with each option: JSON validation, base64, delay, never-expiring TTL, copies", async ({
    page,
    storage,
  }) => {
    const name = uniqueQueueName("e2e-send");
    const client = storage.getQueueClient(name);
    await client.create();
    const queue = new QueuePage(page);
    await queue.goto(name);
    await queue.button("Send message…").click();
    const dialog = queue.dialog(`Send a message to “${name}”`);
    await dialog.getByRole("radio", { name: /JSON/ }).check();
    await dialog.getByRole("textbox", { name: "Message body" }).fill('{"id": ');
    await expect(dialog.getByRole("alert")).toContainText("Not valid JSON");
    await expect(dialog.getByRole("button", { name: "Send message" })).toBeDisabled();
    await dialog.getByRole("textbox", { name: "Message body" }).fill('{"id": 7}');
    await dialog.getByRole("radio", { name: /Base64/ }).check();
    await dialog.getByRole("checkbox", { name: "Never expires" }).check();
    await dialog.getByRole("spinbutton", { name: "Copies" }).fill("3");
    await dialog.getByRole("button", { name: "Send 3 copies" }).click();
    await expect(page.getByText(`Sent 3 messages of 12 bytes to ${name}.`)).toBeVisible();
    const peeked = (await client.peekMessages({ numberOfMessages: 32 })).peekedMessageItems;
    expect(peeked.map((m) => m.messageText)).toEqual([b64('{"id": 7}'), b64('{"id": 7}'), b64('{"id": 7}')]);
    expect(peeked[0]!.expiresOn.getUTCFullYear()).toBe(9999);

    await queue.button("Send message…").click();
    // The dialog keeps the last send's options: switch each back.
    await dialog.getByRole("radio", { name: "Text", exact: true }).check();
    await dialog.getByRole("radio", { name: "Plain text" }).check();
    await dialog.getByRole("checkbox", { name: "Never expires" }).uncheck();
    await dialog.getByRole("spinbutton", { name: "Copies" }).fill("1");
    await dialog.getByRole("textbox", { name: "Message body" }).fill("later");
    await dialog.getByRole("spinbutton", { name: "Visibility delay (s)" }).fill("700000");
    await expect(dialog.getByText(/7 days/)).toBeVisible();
    await dialog.getByRole("spinbutton", { name: "Visibility delay (s)" }).fill("300");
    await dialog.getByRole("button", { name: "Send message" }).click();
    await expect(page.getByText(`Sent 1 message of 5 bytes to ${name}.`)).toBeVisible();
    expect((await client.getProperties()).approximateMessagesCount).toBe(4);
    expect((await client.peekMessages({ numberOfMessages: 32 })).peekedMessageItems).toHaveLength(3);
  });

  test("dequeues, edits and saves, then deletes with the current pop receipt", async ({ page, storage }) => {
    const name = uniqueQueueName("e2e-dequeue");
    const client = storage.getQueueClient(name);
    await client.create();
    await client.sendMessage("first draft");
    await client.sendMessage("to delete");
    const queue = new QueuePage(page);
    await queue.goto(name);
    const panel = page.getByRole("region", { name: "Dequeue" });
    await panel.getByRole("spinbutton", { name: "Messages (1–32)" }).fill("2");
    await panel.getByRole("button", { name: "Receive" }).click();
    const received = panel.getByRole("listitem");
    await expect(received).toHaveCount(2);

    const label = await received.filter({ hasText: "first draft" }).getAttribute("aria-label");
    const first = panel.getByRole("listitem", { name: label! });
    await first.getByRole("button", { name: "Edit" }).click();
    await first.getByRole("textbox", { name: "Message content" }).fill("final text");
    await first.getByRole("button", { name: "Save" }).click();
    await expect(first.getByText("final text")).toBeVisible();
    await expect.poll(async () => (await client.peekMessages()).peekedMessageItems[0]?.messageText).toBe("final text");

    await received.filter({ hasText: "to delete" }).getByRole("button", { name: "Delete" }).click();
    await expect(received).toHaveCount(1);
    await expect.poll(async () => (await client.getProperties()).approximateMessagesCount).toBe(1);
  });

  test("clears after a confirmation that names the queue and the count", async ({ page, storage }) => {
    const name = uniqueQueueName("e2e-clear");
    const client = storage.getQueueClient(name);
    await client.create();
    for (let i = 0; i < 4; i++) await client.sendMessage(`m${i}`);
    const queue = new QueuePage(page);
    await queue.goto(name);
    await queue.button("Clear queue…").click();
    const dialog = queue.dialog(`Clear all messages from “${name}”?`);
    await expect(dialog).toContainText("about 4 messages");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    expect((await client.getProperties()).approximateMessagesCount).toBe(4);
    await queue.button("Clear queue…").click();
    await dialog.getByRole("button", { name: "Clear 4 messages" }).click();
    const toast = findToast(page, `Clear ${name}`);
    await expect(toast).toBeVisible();
    await expect(toast).toContainText("succeeded");
    await expect(toast).toContainText("4 cleared of ~4");
    await expect(page.getByText("No visible messages")).toBeVisible();
    expect((await client.getProperties()).approximateMessagesCount).toBe(0);
  });

  test("deep browse warns first, then loads past the first 32", async ({ page, storage }) => {
    const name = uniqueQueueName("e2e-deep");
    const client = storage.getQueueClient(name);
    await client.create();
    await Promise.all(Array.from({ length: 40 }, (_, i) => client.sendMessage(`deep ${i}`)));
    const queue = new QueuePage(page);
    await queue.goto(name);
    await expect(queue.messageRows).toHaveCount(32);
    await queue.button("Deep browse…").click();
    const dialog = queue.dialog(/Deep browse/);
    await expect(dialog.getByRole("note")).toContainText("dequeue count rises by one");
    await expect(dialog.getByRole("note")).toContainText("maxDequeueCount");
    await dialog.getByRole("button", { name: "Hide and load messages" }).click();
    await expect(page.getByText(/Deep browse: 40 messages loaded/)).toBeVisible();
    await expect(queue.messageRows).toHaveCount(40);
    await page.getByRole("searchbox", { name: "Search loaded messages" }).fill("deep 39");
    await expect(queue.messageRows).toHaveCount(1);
  });

  test("exports the loaded messages as JSON", async ({ page }) => {
    const queue = new QueuePage(page);
    await queue.goto("orders-poison");
    await expect(queue.messageRows).toHaveCount(5);
    const [download] = await Promise.all([page.waitForEvent("download"), queue.button("Export JSON").click()]);
    expect(download.suggestedFilename()).toMatch(/^orders-poison-.*\.json$/);
    const records = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(records).toHaveLength(5);
    expect(records[0]).toMatchObject({ encoding: "base64", format: "json" });
    expect(JSON.parse(records[0].decodedText).orderId).toMatch(/^ord-/);
    expect(Buffer.from(records[0].rawText, "base64").toString()).toBe(records[0].decodedText);
  });
});
