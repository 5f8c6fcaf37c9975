import { expect, test } from "./support/fixtures";
import { QueuePage } from "./support/queue-page";
import { uniqueQueueName } from "./support/storage";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

test.describe("redrive and jobs", () => {
  test("one click redrives a poison queue to its parent, with a progress bar that reaches done", async ({ page, storage }) => {
    const parent = uniqueQueueName("e2e-redrive");
    const poison = storage.getQueueClient(`${parent}-poison`);
    await storage.getQueueClient(parent).create();
    await poison.create();
    const texts = Array.from({ length: 40 }, (_, i) => b64(JSON.stringify({ order: i })));
    await Promise.all(texts.map((t) => poison.sendMessage(t)));

    const queue = new QueuePage(page);
    await queue.goto(`${parent}-poison`);
    await queue.button(`Redrive to ${parent}`).click();
    const toast = page.getByRole("complementary", { name: "Background jobs" }).getByRole("article", { name: `Move from ${parent}-poison to ${parent}` });
    await expect(toast).toContainText("succeeded", { timeout: 30_000 });
    await expect(toast.getByRole("progressbar")).toHaveAttribute("value", "100");
    await expect(toast).toContainText("40 moved of ~40");

    const moved = (await storage.getQueueClient(parent).peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) => m.messageText);
    expect(moved.every((t) => texts.includes(t))).toBe(true);
    expect((await storage.getQueueClient(parent).getProperties()).approximateMessagesCount).toBe(40);
    expect((await poison.getProperties()).approximateMessagesCount).toBe(0);

    await page.getByRole("link", { name: "Jobs", exact: true }).click();
    await expect(page.getByRole("main").getByRole("article", { name: `Move from ${parent}-poison to ${parent}` })).toContainText("succeeded");
  });

  test("a rate-limited move can be cancelled without losing a message", async ({ page, storage }) => {
    const source = storage.getQueueClient(uniqueQueueName("e2e-slow"));
    const target = storage.getQueueClient(uniqueQueueName("e2e-slow-target"));
    await source.create();
    await target.create();
    await Promise.all(Array.from({ length: 150 }, (_, i) => source.sendMessage(`slow ${i}`)));

    const queue = new QueuePage(page);
    await queue.goto(source.name);
    await queue.button("Move messages…").click();
    const dialog = queue.dialog(`Move messages from “${source.name}”`);
    await expect(dialog.getByRole("button", { name: /^Move/ })).toBeDisabled();
    await dialog.getByRole("combobox", { name: "Target queue" }).selectOption(target.name);
    await dialog.getByRole("spinbutton", { name: /Rate limit/ }).fill("20");
    await dialog.getByRole("button", { name: `Move to ${target.name}` }).click();

    const toast = page.getByRole("complementary", { name: "Background jobs" }).getByRole("article", { name: `Move from ${source.name} to ${target.name}` });
    await expect(toast).toContainText("running");
    await expect(toast).toContainText(/[1-9]\d* moved/);
    await toast.getByRole("button", { name: "Cancel" }).click();
    await expect(toast).toContainText("cancelled");

    const inTarget = (await target.getProperties()).approximateMessagesCount ?? 0;
    expect(inTarget).toBeGreaterThan(0);
    expect(inTarget).toBeLessThan(150);
    expect(inTarget + ((await source.getProperties()).approximateMessagesCount ?? 0)).toBe(150);
  });
});
