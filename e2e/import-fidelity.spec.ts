// The import dialog puts in each message exactly as the file holds it, and the send form shows the
// same control-character refusal the route gives (one schema serves both).
import type { Page } from "@playwright/test";
import type { QueueServiceClient } from "@azure/storage-queue";
import { expect, test } from "./support/fixtures";
import { QueuePage } from "./support/queue-page";
import { uniqueQueueName } from "./support/storage";

/** A new empty queue, open in the dashboard. */
async function openNewQueue(page: Page, storage: QueueServiceClient, label: string) {
  const name = uniqueQueueName(label);
  const client = storage.getQueueClient(name);
  await client.create();
  const queue = new QueuePage(page);
  await queue.goto(name);
  return { name, client, queue };
}

test.describe("import fidelity and refused characters", () => {
  test("the send form names the first control character and will not send", async ({ page, storage }) => {
    const { name, queue } = await openNewQueue(page, storage, "e2e-ctrl");
    await queue.button("Send message…").click();
    const dialog = queue.dialog(`Send a message to “${name}”`);
    await dialog.getByRole("textbox", { name: "Message body" }).fill("bell\u0007 here");
    await expect(dialog.getByRole("alert")).toContainText("The character at index 4 (U+0007) cannot be stored");
    await expect(dialog.getByRole("button", { name: "Send message" })).toBeDisabled();
  });

  test("a BOM, semicolon CSV sends its rows (not its header), and an NDJSON export re-imports as the stored texts", async ({
    page,
    storage,
  }) => {
    const { name, client, queue } = await openNewQueue(page, storage, "e2e-import");

    await queue.button("Import…").click();
    const dialog = queue.dialog(`Import messages into “${name}”`);
    await dialog.locator('input[type="file"]').setInputFiles({
      name: "rows.csv",
      mimeType: "text/csv",
      buffer: Buffer.from('\uFEFFid;message\n1;"a;b"\n2;{"n":12345678901234567890}\n'),
    });
    await expect(dialog).toContainText("2 messages found in rows.csv (CSV)");
    await dialog.getByRole("button", { name: "Send 2 messages" }).click();
    await expect
      .poll(async () =>
        (await client.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) => m.messageText),
      )
      .toEqual(["a;b", '{"n":12345678901234567890}']);

    const exported = [
      {
        id: "1",
        insertedOn: "2026-01-01T00:00:00.000Z",
        expiresOn: "2026-01-08T00:00:00.000Z",
        dequeueCount: 0,
        size: 16,
        rawText: "eyJhIjoxZTQwMH0=",
        decodedText: '{"a":1e400}',
        encoding: "base64",
        format: "json",
        decodedSize: 11,
      },
    ];
    await queue.button("Import…").click();
    await dialog.locator('input[type="file"]').setInputFiles({
      name: "export.ndjson",
      mimeType: "application/x-ndjson",
      buffer: Buffer.from(`${exported.map((r) => JSON.stringify(r)).join("\n")}\n`),
    });
    await expect(dialog).toContainText("A Queuescope export: each message is sent as it was stored.");
    await dialog.getByRole("button", { name: "Send 1 messages" }).click();
    await expect
      .poll(async () =>
        (await client.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) => m.messageText),
      )
      .toEqual(["a;b", '{"n":12345678901234567890}', "eyJhIjoxZTQwMH0="]);
  });

  test("an unbalanced CSV quote is named by line and nothing can be sent", async ({ page, storage }) => {
    const { name, queue } = await openNewQueue(page, storage, "e2e-badcsv");
    await queue.button("Import…").click();
    const dialog = queue.dialog(`Import messages into “${name}”`);
    await dialog.locator('input[type="file"]').setInputFiles({
      name: "bad.csv",
      mimeType: "text/csv",
      buffer: Buffer.from('message\nfine\n"unbalanced\nswallowed\n'),
    });
    await expect(dialog.getByRole("alert").first()).toContainText("Line 3:");
    await expect(dialog.getByRole("button", { name: /^Send/ })).toBeDisabled();
  });
});
