import { readFileSync } from "node:fs";
import { expect, test } from "./support/fixtures";
import { toast as findToast } from "./support/pages";
import { QueuePage } from "./support/queue-page";
import { uniqueQueueName } from "./support/storage";
import type { JobDto } from "../lib/validation/jobs";
import { drainCounted, moveOutcome } from "../tests/support/multiset";

const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");

test.describe("redrive and jobs", () => {
  test("redrive (after its confirmation) moves a poison queue to its parent, with a progress bar that reaches done", async ({
    page,
    storage,
  }) => {
    const parent = uniqueQueueName("e2e-redrive");
    const poison = storage.getQueueClient(`${parent}-poison`);
    await storage.getQueueClient(parent).create();
    await poison.create();
    const texts = Array.from({ length: 40 }, (_, i) => b64(JSON.stringify({ order: i })));
    await Promise.all(texts.map((t) => poison.sendMessage(t)));

    const queue = new QueuePage(page);
    await queue.goto(`${parent}-poison`);
    await queue.button(`Redrive to ${parent}…`).click();
    await queue
      .dialog(`Redrive ${parent}-poison to ${parent}`)
      .getByRole("button", { name: `Redrive ~40 messages to ${parent}` })
      .click();
    const toast = findToast(page, `Move from ${parent}-poison to ${parent}`);
    await expect(toast).toContainText("succeeded", { timeout: 30_000 });
    await expect(toast.getByRole("progressbar")).toHaveAttribute("value", "100");
    await expect(toast).toContainText("40 moved of ~40");

    const moved = (await storage.getQueueClient(parent).peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map(
      (m) => m.messageText,
    );
    expect(moved.every((t) => texts.includes(t))).toBe(true);
    expect((await storage.getQueueClient(parent).getProperties()).approximateMessagesCount).toBe(40);
    expect((await poison.getProperties()).approximateMessagesCount).toBe(0);

    await page.getByRole("link", { name: "Jobs", exact: true }).click();
    await expect(
      page.getByRole("main").getByRole("article", { name: `Move from ${parent}-poison to ${parent}` }),
    ).toContainText("succeeded");
  });

  test("a rate-limited move can be cancelled without losing a message", async ({ page, storage }) => {
    // Releases cut off by a slow emulator leave messages hidden for their visibility (about a minute).
    test.setTimeout(150_000);
    const source = storage.getQueueClient(uniqueQueueName("e2e-slow"));
    const target = storage.getQueueClient(uniqueQueueName("e2e-slow-target"));
    await source.create();
    await target.create();
    const original = Array.from({ length: 150 }, (_, i) => `slow ${i}`);
    await Promise.all(original.map((t) => source.sendMessage(t)));
    expect((await source.getProperties()).approximateMessagesCount).toBe(150);

    const queue = new QueuePage(page);
    await queue.goto(source.name);
    await queue.button("Move messages…").click();
    const dialog = queue.dialog(`Move messages from “${source.name}”`);
    await expect(dialog.getByRole("button", { name: /^Move/ })).toBeDisabled();
    await dialog.getByRole("combobox", { name: "Target queue" }).fill(target.name.slice(0, -3));
    await expect(dialog.getByText(`No queue “${target.name.slice(0, -3)}” in this account.`)).toBeVisible();
    await dialog.getByRole("combobox", { name: "Target queue" }).fill(target.name);
    await dialog.getByRole("spinbutton", { name: /Rate limit/ }).fill("20");
    await dialog.getByRole("button", { name: `Move to ${target.name}` }).click();

    const toast = findToast(page, `Move from ${source.name} to ${target.name}`);
    await expect(toast).toContainText("running");
    await expect(toast).toContainText(/[1-9]\d* moved/);
    await toast.getByRole("button", { name: "Cancel" }).click();
    await expect(toast).toContainText("cancelled");

    const { jobs } = (await (await page.request.get("/api/jobs")).json()) as { jobs: JobDto[] };
    const job = jobs.find((j) => j.source === source.name)!;
    expect(job.state).toBe("cancelled");

    // What was held and not moved is visible in the source again at once (unless its release was cut off).
    const moved = await drainCounted(target);
    const left = await drainCounted(source, 90_000);
    expect(moved.length).toBeGreaterThan(0);
    const { missing, strangers, extra } = moveOutcome(original, left, moved);
    expect(missing).toEqual([]);
    expect(strangers).toEqual([]);
    // A copy sent while the cancel cut its answer off stays in the source too: counted, never silent.
    expect(extra).toBeLessThanOrEqual(job.duplicated);
  });

  test("moves the messages picked from a deep browse", async ({ page, storage }) => {
    const source = storage.getQueueClient(uniqueQueueName("e2e-pick"));
    const target = storage.getQueueClient(uniqueQueueName("e2e-pick-target"));
    await source.create();
    await target.create();
    for (let i = 0; i < 6; i++) await source.sendMessage(`pick ${i}`);

    const queue = new QueuePage(page);
    await queue.goto(source.name);
    await queue.button("Deep browse…").click();
    await queue
      .dialog(/Deep browse/)
      .getByRole("button", { name: "Hide and load messages" })
      .click();
    await expect(page.getByText(/Deep browse: 6 messages loaded/)).toBeVisible();
    const rows = page.getByRole("row").filter({ has: page.getByRole("checkbox") });
    await rows.filter({ hasText: "pick 1" }).getByRole("checkbox").check();
    await rows.filter({ hasText: "pick 4" }).getByRole("checkbox").check();
    const bar = page.getByRole("group", { name: "Move selected messages" });
    await expect(bar).toContainText("2 selected");
    await bar.getByRole("combobox", { name: "Target queue for the selected messages" }).fill(target.name);
    await bar.getByRole("button", { name: "Move selected" }).click();
    await expect(findToast(page, `Move from ${source.name} to ${target.name}`)).toBeVisible();
    await expect.poll(async () => (await target.getProperties()).approximateMessagesCount).toBe(2);
    const moved = (await target.peekMessages({ numberOfMessages: 32 })).peekedMessageItems
      .map((m) => m.messageText)
      .sort();
    expect(moved).toEqual(["pick 1", "pick 4"]);
    expect((await source.getProperties()).approximateMessagesCount).toBe(4);
  });

  test("exports every message as a job and offers the file", async ({ page, storage }) => {
    const q = storage.getQueueClient(uniqueQueueName("e2e-export"));
    await q.create();
    await Promise.all(Array.from({ length: 45 }, (_, i) => q.sendMessage(`export ${i}`)));
    const queue = new QueuePage(page);
    await queue.goto(q.name);
    await queue.button("Export all…").click();
    const dialog = queue.dialog(`Export every message of “${q.name}”`);
    await expect(dialog.getByRole("note")).toContainText("dequeue count rises by one");
    await dialog.getByRole("button", { name: "Export 45 messages" }).click();
    const toast = findToast(page, `Export ${q.name}`);
    await expect(toast).toContainText("succeeded");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      toast.getByRole("link", { name: /Download NDJSON \(45 messages\)/ }).click(),
    ]);
    const lines = readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(45);
    expect(lines.map((r) => r.rawText).sort()).toEqual(Array.from({ length: 45 }, (_, i) => `export ${i}`).sort());
  });
});
