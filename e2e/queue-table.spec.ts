// The queue table (issues 15 and 17): its first HTML already has the latest round's rows and
// counts; a queue whose depth stands still while its oldest message ages is flagged stalled;
// the row menu clears and redrives by itself; several queues are cleared or deleted at once
// after a typed confirmation, with an honest summary. Messages and queues are counted before
// and after every destructive action.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { QueueClient, QueueServiceClient } from "@azure/storage-queue";
import { expect, test } from "./support/fixtures";
import { QueuesPage, toast } from "./support/pages";
import { startQueuescope, type QueuescopeInstance } from "./support/queuescope";
import { EMULATOR_ACCOUNT_KEY, emulatorService, queueEndpointOf, uniqueQueueName } from "./support/storage";

const SHOTS = "/tmp/table-shots";

async function texts(q: QueueClient): Promise<string[]> {
  return (await q.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) => m.messageText).sort();
}

async function count(q: QueueClient): Promise<number> {
  return (await q.getProperties()).approximateMessagesCount ?? -1;
}

async function namesUnder(service: QueueServiceClient, prefix: string): Promise<string[]> {
  const names: string[] = [];
  for await (const q of service.listQueues({ prefix })) names.push(q.name);
  return names.sort();
}

test.describe("sampled every 5 s, stalled after 1 minute", () => {
  test.describe.configure({ mode: "serial" });
  let app: QueuescopeInstance;
  let storage: QueueServiceClient;
  const prefix = uniqueQueueName("e2e-stall");
  const stalled = `${prefix}-still`;
  const busy = `${prefix}-busy`;

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    app = await startQueuescope({ env: { QUEUESCOPE_SAMPLE_INTERVAL: "5", QUEUESCOPE_STALL_MINUTES: "1" } });
    storage = emulatorService(await queueEndpointOf(app.url, "local"));
    for (const name of [stalled, busy]) await storage.getQueueClient(name).create();
    for (const text of ["stuck 1", "stuck 2"]) await storage.getQueueClient(stalled).sendMessage(text);
    await expect
      .poll(
        async () => {
          const res = await fetch(`${app.url}/api/accounts/local/snapshot`);
          const snap = (await res.json()) as { queues: { name: string; count: number }[] };
          return snap.queues.find((q) => q.name === stalled)?.count;
        },
        { timeout: 60_000 },
      )
      .toBe(2);
  });

  test.afterAll(async () => app?.stop());

  test("the first HTML has the sampled rows and counts, with their age, and nothing secret", async ({ browser }) => {
    // No JavaScript: only what the server rendered can be on the page.
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const queues = new QueuesPage(page, app.url);
      // The filter in the URL: other files' queues on this emulator may fill more than a first screen.
      await page.goto(`${app.url}/accounts/local/queues?q=${prefix}`);
      await queues.ready();
      await expect(queues.countCell(stalled)).toHaveText("2");
      await expect(queues.countCell(busy)).toHaveText("0");
      await expect(page.getByTestId("counts-freshness")).toHaveText(
        /^Counts as of \d+ s ago \(last sampling round, every 5 s\)\. Refresh for live counts\.$/,
      );
    } finally {
      await context.close();
    }
    const html = await (await fetch(`${app.url}/accounts/local/queues`)).text();
    expect(html).toContain(stalled);
    for (const secret of [EMULATOR_ACCOUNT_KEY, "AccountKey", "sig="]) expect(html).not.toContain(secret);
  });

  test("a round larger than a screen: the first HTML holds the first screen in the URL's order, the browser then every row", async ({
    browser,
    page,
  }) => {
    test.setTimeout(120_000);
    const many = uniqueQueueName("e2e-first");
    const names = Array.from({ length: 45 }, (_, i) => `${many}-${String(i).padStart(2, "0")}`);
    for (const name of names) await storage.getQueueClient(name).create();
    for (const text of ["d1", "d2", "d3"]) await storage.getQueueClient(names[44]!).sendMessage(text);
    await expect
      .poll(
        async () => {
          const snap = (await (await fetch(`${app.url}/api/accounts/local/snapshot`)).json()) as {
            queues: { name: string; count: number }[];
          };
          const mine = snap.queues.filter((q) => q.name.startsWith(many));
          return [mine.length, mine.find((q) => q.name === names[44])?.count];
        },
        { timeout: 60_000 },
      )
      .toEqual([45, 3]);
    // Deepest first, ties by name in the same direction: 44, then 43 down to 05 make the 40 rows
    // of the first screen.
    const url = `${app.url}/accounts/local/queues?q=${many}&sort=depth&desc=true`;
    const html = await (await fetch(url)).text();
    for (const name of [names[44]!, names[43]!, names[5]!]) expect(html).toContain(name);
    for (const name of names.slice(0, 5)) expect(html).not.toContain(name);

    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const noJs = await context.newPage();
      await noJs.goto(url);
      // The heading counts the whole view, not the rows the HTML carries.
      await expect(noJs.getByText(/^45 queues of [\d,]+ · ~3 messages \(approximate\)$/)).toBeVisible();
      await expect(new QueuesPage(noJs, app.url).countCell(names[44]!)).toHaveText("3");
    } finally {
      await context.close();
    }

    const queues = new QueuesPage(page, app.url);
    await page.goto(url);
    await queues.ready();
    await expect(page.getByText(/^45 queues of [\d,]+ · ~3 messages \(approximate\)$/)).toBeVisible();
    await queues.filter.fill(names[0]!);
    await expect(queues.rows).toHaveCount(1);
    await expect(queues.countCell(names[0]!)).toHaveText("0");
    await expect(page.getByText(/^1 queue of [\d,]+ · ~0 messages \(approximate\)$/)).toBeVisible();
  });

  test("a queue whose depth stands still while its oldest message ages is stalled, and the Stalled filter finds it", async ({
    page,
  }) => {
    test.setTimeout(180_000);
    // The other queue keeps moving: its depth changes every round, so it never stalls.
    const feeding = setInterval(() => void storage.getQueueClient(busy).sendMessage("tick"), 3_000);
    try {
      const queues = new QueuesPage(page, app.url);
      await queues.goto();
      await queues.filter.fill(prefix);
      await expect(queues.rows).toHaveCount(2);
      // The table refetches the round once per interval by itself: no reload.
      await expect(queues.statusCell(stalled)).toHaveText("stalled", { timeout: 150_000 });
      await expect(queues.statusCell(busy)).not.toContainText("stalled");
      await queues.onlyFlag("Stalled").check();
      await expect(page).toHaveURL(/[?&]only=stalled/);
      await expect(queues.rows).toHaveCount(1);
      await expect(queues.row(stalled)).toHaveCount(1);
      expect(await texts(storage.getQueueClient(stalled))).toEqual(["stuck 1", "stuck 2"]);
    } finally {
      clearInterval(feeding);
    }
  });
});

test.describe("row actions and multi-select on the shared instance", () => {
  test("the row menu clears a queue after naming it and its count, from the keyboard", async ({
    queuesPage,
    storage,
    page,
  }) => {
    const q = storage.getQueueClient(uniqueQueueName("e2e-rowclear"));
    await q.create();
    for (const text of ["a", "b", "c"]) await q.sendMessage(text);
    const other = storage.getQueueClient(`${q.name}-kept`);
    await other.create();
    await other.sendMessage("kept");
    await queuesPage.goto();
    await queuesPage.filter.fill(q.name);
    await expect(queuesPage.countCell(q.name)).toHaveText("3");

    await queuesPage
      .row(q.name)
      .getByRole("button", { name: `Actions for ${q.name}`, exact: true })
      .focus();
    await page.keyboard.press("Enter");
    const menu = page.getByRole("dialog", { name: `Queue “${q.name}”` });
    await expect(menu).toBeVisible();
    await expect(menu.getByRole("button", { name: /^Redrive/ })).toHaveCount(0);
    await menu.getByRole("button", { name: "Clear messages…" }).focus();
    await page.keyboard.press("Enter");
    const confirm = page.getByRole("dialog", { name: `Clear all messages from “${q.name}”?` });
    await expect(confirm).toContainText(`every message in ${q.name}: about 3 messages`);
    expect(await count(q)).toBe(3);
    await confirm.getByRole("button", { name: "Clear 3 messages" }).click();
    await expect(confirm).toBeHidden();
    await expect(toast(page, new RegExp(`Clear.*${q.name}`)).first()).toBeVisible();
    await expect.poll(() => count(q), { timeout: 30_000 }).toBe(0);
    expect(await texts(other)).toEqual(["kept"]);
  });

  test("the row menu of a poison queue redrives it to its parent after asking, losing nothing", async ({
    queuesPage,
    storage,
    page,
  }) => {
    const parent = storage.getQueueClient(uniqueQueueName("e2e-rowredrive"));
    const poison = storage.getQueueClient(`${parent.name}-poison`);
    await parent.create();
    await poison.create();
    await parent.sendMessage("already there");
    for (const text of ["failed 1", "failed 2"]) await poison.sendMessage(text);
    const before = [...(await texts(parent)), ...(await texts(poison))].sort();

    await queuesPage.goto();
    await queuesPage.filter.fill(parent.name);
    await expect(queuesPage.countCell(poison.name)).toHaveText("2");
    const menu = await queuesPage.openRowMenu(poison.name);
    await menu.getByRole("button", { name: `Redrive to ${parent.name}…` }).click();
    const dialog = page.getByRole("dialog", { name: `Redrive ${poison.name} to ${parent.name}` });
    await expect(dialog).toContainText("~2");
    await dialog.getByRole("button", { name: `Redrive ~2 messages to ${parent.name}` }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(() => count(poison), { timeout: 30_000 }).toBe(0);
    await expect.poll(async () => (await texts(parent)).length, { timeout: 30_000 }).toBe(3);
    expect(await texts(parent)).toEqual(before);
  });

  test("shift-click selects a range; Delete N asks for the typed count, lists the names, and deletes them all", async ({
    queuesPage,
    storage,
    page,
  }) => {
    const prefix = uniqueQueueName("e2e-bulkdel");
    const names = [`${prefix}-a`, `${prefix}-b`, `${prefix}-c`, `${prefix}-d`];
    for (const name of names) await storage.getQueueClient(name).create();
    await storage.getQueueClient(names[1]!).sendMessage("gone with it");
    expect(await namesUnder(storage, prefix)).toEqual(names);

    await queuesPage.goto();
    await queuesPage.filter.fill(prefix);
    await expect(queuesPage.rows).toHaveCount(4);
    await queuesPage.selectBox(names[0]!).click();
    await queuesPage.selectBox(names[2]!).click({ modifiers: ["Shift"] });
    await expect(queuesPage.bulkBar).toContainText("3 selected");
    for (const [i, name] of names.entries()) await expect(queuesPage.selectBox(name)).toBeChecked({ checked: i < 3 });

    await queuesPage.bulkBar.getByRole("button", { name: "Delete 3…" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete 3 queues?" });
    await expect(dialog.getByRole("list", { name: "Queues" }).getByRole("listitem")).toHaveText(
      names.slice(0, 3).map((n, i) => `${n}${i === 1 ? "1" : "0"}`),
    );
    const submit = dialog.getByRole("button", { name: "Delete 3 queues" });
    await dialog.getByRole("textbox", { name: /^Type delete 3 queues to confirm/ }).fill("delete 3");
    await expect(submit).toBeDisabled();
    await dialog.getByRole("textbox", { name: /^Type delete 3 queues to confirm/ }).fill("delete 3 queues");
    await submit.click();
    await expect(toast(page, "Deleted 3 of 3 queues")).toBeVisible();
    expect(await namesUnder(storage, prefix)).toEqual([names[3]]);
    await expect(queuesPage.rows).toHaveCount(1);
    await expect(queuesPage.bulkBar).toHaveCount(0);
  });

  test("Clear N on the filtered rows says honestly that a queue locked by a running job was not cleared", async ({
    queuesPage,
    storage,
    page,
    app,
  }) => {
    const prefix = uniqueQueueName("e2e-bulkclr");
    const [locked, free, target] = [`${prefix}-locked`, `${prefix}-free`, uniqueQueueName("e2e-bulkclr-target")];
    for (const name of [locked, free, target]) await storage.getQueueClient(name).create();
    for (const text of ["l1", "l2", "l3"]) await storage.getQueueClient(locked).sendMessage(text);
    for (const text of ["f1", "f2"]) await storage.getQueueClient(free).sendMessage(text);
    const lockedBefore = await texts(storage.getQueueClient(locked));

    // A slow move holds the lock on its source for as long as the test needs.
    const move = await page.request.post(`${app.url}/api/accounts/local/queues/${locked}/move`, {
      headers: { origin: app.url },
      data: { to: target, ratePerSecond: 0.1 },
    });
    expect(move.status()).toBe(202);
    const { job } = (await move.json()) as { job: { id: string } };
    try {
      await queuesPage.goto();
      await queuesPage.filter.fill(prefix);
      await expect(queuesPage.rows).toHaveCount(2);
      await queuesPage.selectAll.check();
      await expect(queuesPage.bulkBar).toContainText("2 selected");
      await queuesPage.bulkBar.getByRole("button", { name: "Clear 2…" }).click();
      const dialog = page.getByRole("dialog", { name: "Clear 2 queues?" });
      await dialog.getByRole("textbox", { name: /^Type clear 2 queues to confirm/ }).fill("clear 2 queues");
      await dialog.getByRole("button", { name: "Clear 2 queues" }).click();
      const summary = toast(page, "Started clearing 1 of 2 queues; 1 failed");
      await expect(summary).toBeVisible();
      await expect(summary).toContainText(`${locked}:`);
      await expect(summary).toContainText("409 job_conflict");
      await expect.poll(() => count(storage.getQueueClient(free)), { timeout: 30_000 }).toBe(0);
    } finally {
      await page.request.delete(`${app.url}/api/jobs/${job.id}`, { headers: { origin: app.url } });
    }
    await expect
      .poll(async () => (await (await page.request.get(`${app.url}/api/jobs/${job.id}`)).json()).state, {
        timeout: 30_000,
      })
      .not.toBe("running");
    // The move was cancelled, not cleared under: every message is in its source or its target
    // (the approximate counts include the ones the cancelled move still holds invisible).
    const inBoth = async () =>
      (await count(storage.getQueueClient(locked))) + (await count(storage.getQueueClient(target)));
    expect(await inBoth()).toBe(lockedBefore.length);
    const visible = [
      ...(await texts(storage.getQueueClient(locked))),
      ...(await texts(storage.getQueueClient(target))),
    ];
    expect(new Set(visible).size).toBe(visible.length);
    for (const text of visible) expect(lockedBefore).toContain(text);
  });

  test("the table with selection, in light, dark and at 390 px", async ({ queuesPage, storage, page }) => {
    const prefix = uniqueQueueName("e2e-shots");
    for (const name of [`${prefix}-a`, `${prefix}-b-poison`, `${prefix}-b`])
      await storage.getQueueClient(name).create();
    mkdirSync(SHOTS, { recursive: true });
    await queuesPage.goto();
    await queuesPage.filter.fill(prefix);
    await queuesPage.selectAll.check();
    await expect(queuesPage.bulkBar).toContainText("3 selected");
    await page.screenshot({ path: path.join(SHOTS, "table-light.png"), fullPage: true });
    await queuesPage.shell.themeToggle.click();
    await page.screenshot({ path: path.join(SHOTS, "table-dark.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(queuesPage.bulkBar.getByRole("button", { name: "Delete 3…" })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: path.join(SHOTS, "table-390-dark.png"), fullPage: true });
    // At 390 px the theme toggle folds into the header menu: switch back at full width.
    await page.setViewportSize({ width: 1280, height: 720 });
    await queuesPage.shell.themeToggle.click();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(SHOTS, "table-390-light.png"), fullPage: true });
    await (
      await queuesPage.openRowMenu(`${prefix}-b-poison`)
    ).screenshot({ path: path.join(SHOTS, "row-menu-390.png") });
  });
});
