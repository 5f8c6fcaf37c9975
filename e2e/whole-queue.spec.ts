import { readFileSync } from "node:fs";
import type { QueueServiceClient } from "@azure/storage-queue";
import { expect, test } from "./support/fixtures";
import { uniqueQueueName } from "./support/storage";
import { countMatching, drainTexts, WholeQueue } from "./support/whole-queue";

const sorted = (xs: string[]) => [...xs].sort();

/** A parent queue and its poison queue holding `texts`. */
async function poisonPair(storage: QueueServiceClient, prefix: string, texts: string[]) {
  const parentName = uniqueQueueName(prefix);
  const parent = storage.getQueueClient(parentName);
  const poison = storage.getQueueClient(`${parentName}-poison`);
  await parent.create();
  await poison.create();
  for (const t of texts) await poison.sendMessage(t);
  return { parentName, parent, poison };
}

test.describe("acting on the whole queue", () => {
  test("redrive asks first: the count, the target and a rate, then moves every message (multisets before and after)", async ({
    page,
    storage,
  }) => {
    const poisonTexts = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({ order: i, dup: i % 5 === 0 ? "same" : i }),
    );
    const parentTexts = ["already here", JSON.stringify({ order: 0, dup: "same" })];
    const { parentName, parent, poison } = await poisonPair(storage, "e2e-rd", poisonTexts);
    for (const t of parentTexts) await parent.sendMessage(t);

    const ui = new WholeQueue(page);
    await ui.goto(poison.name);
    const open = ui.button(`Redrive to ${parentName}…`);
    await open.focus();
    await page.keyboard.press("Enter");
    const dialog = ui.redriveDialog(poison.name, parentName);
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText("~30");
    await expect(dialog).toContainText(parentName);
    // Nothing has started by opening the dialog; Escape leaves everything as it was.
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    expect((await poison.getProperties()).approximateMessagesCount).toBe(30);

    await open.click();
    const rate = dialog.getByRole("spinbutton", { name: /Rate \(messages\/s/ });
    await rate.fill("0");
    await expect(rate).toHaveAttribute("aria-invalid", "true");
    await expect(dialog.getByRole("button", { name: /^Redrive/ })).toBeDisabled();
    await rate.fill("40");
    const go = dialog.getByRole("button", { name: `Redrive ~30 messages to ${parentName} at 40/s` });
    await go.focus();
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    const toast = ui.jobToast(`Move from ${poison.name} to ${parentName}`);
    await expect(toast).toContainText("succeeded", { timeout: 30_000 });
    await expect(toast).toContainText("30 moved of ~30");

    expect(await drainTexts(poison)).toEqual([]);
    expect(await drainTexts(parent)).toEqual(sorted([...parentTexts, ...poisonTexts]));
  });

  test("a filter applied to the whole queue as a purge: dry-run count equals the ground truth, then exactly the matches are gone", async ({
    page,
    storage,
  }) => {
    const q = storage.getQueueClient(uniqueQueueName("e2e-purge"));
    await q.create();
    // 70 messages, more than one receive page and more than a peek shows; every third is a timeout.
    const texts = Array.from({ length: 70 }, (_, i) =>
      JSON.stringify({ n: i, error: i % 3 === 0 ? "Timeout" : "Other" }),
    );
    for (const t of texts) await q.sendMessage(t);
    const isTimeout = (t: string) => (JSON.parse(t) as { error: string }).error === "Timeout";
    const truth = await countMatching(q, isTimeout);
    expect(truth).toEqual({ matching: 24, total: 70 });

    const ui = new WholeQueue(page);
    await ui.goto(q.name);
    await ui.condition.fill("$.n > 3");
    await ui.button("Apply to the whole queue…").click();
    const dialog = ui.wholeQueueDialog(q.name);
    await expect(dialog.getByRole("alert")).toContainText("only be an equality");
    await expect(dialog.getByRole("button", { name: /dry run/ })).toHaveCount(0);
    await page.keyboard.press("Escape");

    await ui.condition.fill('$.error == "Timeout"');
    const apply = ui.button("Apply to the whole queue…");
    await apply.focus();
    await page.keyboard.press("Enter");
    await expect(dialog).toContainText('$.error equals "Timeout"');
    await expect(dialog.getByRole("note")).toContainText("dequeue count rises by one");
    await expect(dialog.getByRole("radio", { name: "Delete what matches" })).toBeChecked();
    await expect(dialog.getByRole("group", { name: "What to do with the matching messages" })).toBeVisible();
    await ui.dryRun(dialog);
    await expect(dialog.getByRole("status")).toContainText(
      `${truth.matching} of ${truth.total} messages in ${q.name} match`,
    );
    // The dry run changed nothing.
    expect((await q.getProperties()).approximateMessagesCount).toBe(70);

    const confirm = dialog.getByRole("textbox", { name: `Type ${q.name} or ${truth.matching} to confirm` });
    const del = dialog.getByRole("button", { name: `Delete ${truth.matching} matching messages from ${q.name}` });
    await expect(del).toBeDisabled();
    await confirm.fill("wrong");
    await expect(del).toBeDisabled();
    await confirm.fill(String(truth.matching));
    await del.focus();
    await page.keyboard.press("Enter");
    await expect(dialog).toBeHidden();
    const toast = ui.jobToast(`Purge matching messages from ${q.name}`);
    await expect(toast).toContainText("succeeded", { timeout: 30_000 });
    await expect(toast).toContainText(`${truth.matching} matched`);

    expect(await drainTexts(q)).toEqual(sorted(texts.filter((t) => !isTimeout(t))));
  });

  test('redrive with "only messages matching the current filter" moves the matches and leaves the rest', async ({
    page,
    storage,
  }) => {
    const texts = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ n: i, error: i % 4 === 0 ? "Timeout" : "Other" }),
    );
    const { parentName, parent, poison } = await poisonPair(storage, "e2e-rdw", texts);
    const isTimeout = (t: string) => t.includes('"Timeout"');

    const ui = new WholeQueue(page);
    await ui.goto(poison.name);
    await ui.condition.fill('$.error == "Timeout"');
    await ui.button(`Redrive to ${parentName}…`).click();
    const dialog = ui.redriveDialog(poison.name, parentName);
    const only = dialog.getByRole("checkbox", { name: "Only messages matching the current filter" });
    await expect(only).not.toBeChecked();
    await expect(dialog).toContainText('$.error equals "Timeout"');
    await only.press("Space");
    await expect(only).toBeChecked();
    await dialog.getByRole("button", { name: `Redrive matching messages to ${parentName}` }).click();
    const toast = ui.jobToast(`Move from ${poison.name} to ${parentName}`);
    await expect(toast).toContainText("succeeded", { timeout: 30_000 });
    await expect(toast).toContainText("10 matched · 10 acted on");

    expect(await drainTexts(parent)).toEqual(sorted(texts.filter(isTimeout)));
    expect(await drainTexts(poison)).toEqual(sorted(texts.filter((t) => !isTimeout(t))));
  });

  test("a redrive dry run locks the filter box while it counts, and closing the dialog cancels it", async ({
    page,
    storage,
  }) => {
    const texts = Array.from({ length: 12 }, (_, i) => JSON.stringify({ n: i, error: i % 4 ? "Other" : "Timeout" }));
    const { parentName, poison } = await poisonPair(storage, "e2e-rdl", texts);
    // The dry run's progress answers are held, so it reads as running for as long as the test needs.
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/api\/jobs\/[^/?]+(\?.*)?$/, async (route) => {
      if (route.request().method() === "GET") await held;
      await route.continue();
    });

    const ui = new WholeQueue(page);
    await ui.goto(poison.name);
    await ui.condition.fill('$.error == "Timeout"');
    await ui.button(`Redrive to ${parentName}…`).click();
    const dialog = ui.redriveDialog(poison.name, parentName);
    const only = dialog.getByRole("checkbox", { name: "Only messages matching the current filter" });
    await only.check();
    const started = page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/move"));
    await dialog.getByRole("button", { name: "Count matches (dry run)" }).click();
    const { job } = (await (await started).json()) as { job: { id: string } };
    await expect(dialog.getByRole("button", { name: "Stop the dry run" })).toBeVisible();
    await expect(only).toBeDisabled();
    await expect(only).toBeChecked();
    await expect(dialog.getByRole("button", { name: /^Redrive/ })).toBeDisabled();
    await expect(dialog).toContainText("Closing this dialog stops the dry run.");

    const cancel = page.waitForRequest((r) => r.method() === "DELETE" && r.url().endsWith(`/api/jobs/${job.id}`));
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await cancel;
    release();
    await expect
      .poll(async () => ((await (await page.request.get(`/api/jobs/${job.id}`)).json()) as { state: string }).state)
      .not.toBe("running");
  });

  test("export all offers decode-as and the current filter: the file holds only the matches, in the chosen form", async ({
    page,
    storage,
  }) => {
    const q = storage.getQueueClient(uniqueQueueName("e2e-expw"));
    await q.create();
    const texts = Array.from({ length: 36 }, (_, i) =>
      JSON.stringify({ n: i, error: i % 3 === 0 ? "Timeout" : "Other" }),
    );
    for (const t of texts) await q.sendMessage(t);
    const ui = new WholeQueue(page);
    await ui.goto(q.name);
    await ui.condition.fill('$.error == "Timeout"');
    await ui.button("Export all…").click();
    const dialog = ui.dialog(`Export every message of “${q.name}”`);
    await dialog
      .getByRole("combobox", { name: "Write each message as" })
      .selectOption({ label: "Raw (the stored text)" });
    await dialog.getByRole("checkbox", { name: "Only messages matching the current filter" }).check();
    await dialog.getByRole("button", { name: "Export matching messages" }).click();
    const toast = ui.jobToast(`Export ${q.name}`);
    await expect(toast).toContainText("succeeded", { timeout: 30_000 });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      toast.getByRole("link", { name: "Download NDJSON (12 messages)" }).click(),
    ]);
    const lines = readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((r) => r.rawText).sort()).toEqual(sorted(texts.filter((t) => t.includes('"Timeout"'))));
    expect(lines.every((r) => !("decodedText" in r))).toBe(true);
    // An export leaves every message in the queue.
    expect(await drainTexts(q)).toEqual(sorted(texts));
  });

  test("a filter applied to the whole queue as a move: target by name, dry run, then only the matches move", async ({
    page,
    storage,
  }) => {
    const q = storage.getQueueClient(uniqueQueueName("e2e-mvw"));
    const target = storage.getQueueClient(uniqueQueueName("e2e-mvw-to"));
    await q.create();
    await target.create();
    const texts = Array.from({ length: 45 }, (_, i) =>
      JSON.stringify({ n: i, tenant: i % 5 === 0 ? "acme" : "other" }),
    );
    for (const t of texts) await q.sendMessage(t);
    const isAcme = (t: string) => t.includes('"acme"');

    const ui = new WholeQueue(page);
    await ui.goto(q.name);
    await ui.condition.fill('$.tenant == "acme"');
    await ui.button("Apply to the whole queue…").click();
    const dialog = ui.wholeQueueDialog(q.name);
    await dialog.getByRole("radio", { name: "Move what matches" }).check();
    const count = dialog.getByRole("button", { name: "Count matches (dry run)" });
    await expect(count).toBeDisabled();
    await dialog.getByRole("combobox", { name: "Target queue" }).fill(target.name);
    await ui.dryRun(dialog);
    await expect(dialog.getByRole("status")).toContainText(`9 of 45 messages in ${q.name} match`);
    await dialog.getByRole("button", { name: `Move 9 matching messages to ${target.name}` }).click();
    const toast = ui.jobToast(`Move from ${q.name} to ${target.name}`);
    await expect(toast).toContainText("succeeded", { timeout: 30_000 });

    expect(await drainTexts(target)).toEqual(sorted(texts.filter(isAcme)));
    expect(await drainTexts(q)).toEqual(sorted(texts.filter((t) => !isAcme(t))));
  });

  test("a dry run says how many messages it did not see and why, and its card is an honest partial", async ({
    page,
    storage,
  }) => {
    const q = storage.getQueueClient(uniqueQueueName("e2e-unseen"));
    await q.create();
    for (let i = 0; i < 40; i++) await q.sendMessage(JSON.stringify({ n: i, error: i % 2 ? "Timeout" : "Other" }));
    // Another reader holds 3 messages for the whole test: the scan cannot receive them.
    const held = (await q.receiveMessages({ numberOfMessages: 3, visibilityTimeout: 300 })).receivedMessageItems;
    expect(held).toHaveLength(3);

    const ui = new WholeQueue(page);
    await ui.goto(q.name);
    await ui.condition.fill('$.error == "Timeout"');
    await ui.button("Apply to the whole queue…").click();
    const dialog = ui.wholeQueueDialog(q.name);
    await dialog.getByRole("radio", { name: "Export what matches" }).check();
    await ui.dryRun(dialog);
    const status = dialog.getByRole("status");
    await expect(status).toContainText(` of 37 messages in ${q.name} match; 3 were not seen.`);
    await expect(status).toContainText("hidden by another reader");
    await page.keyboard.press("Escape");
    await page.goto("/jobs");
    const card = page.getByRole("main").getByRole("article", { name: `Dry run: Export ${q.name}`, exact: true });
    await expect(card).toContainText("(dry run)");
    await expect(card).toContainText("partial");
    await expect(card).toContainText("3 not seen");
    await expect(card).toContainText("(nothing changed)");
  });
});
