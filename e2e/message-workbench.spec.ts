import { readFile } from "node:fs/promises";
import type { QueueClient } from "@azure/storage-queue";
import { expect, test } from "./support/fixtures";
import { MessageWorkbench } from "./support/message-workbench";
import { uniqueQueueName } from "./support/storage";

async function queueWith(
  storage: { getQueueClient(name: string): QueueClient },
  prefix: string,
  texts: string[],
): Promise<QueueClient> {
  const client = storage.getQueueClient(uniqueQueueName(prefix));
  await client.create();
  for (const t of texts) await client.sendMessage(t);
  return client;
}
const count = async (q: QueueClient) => (await q.getProperties()).approximateMessagesCount ?? -1;
const peekTexts = async (q: QueueClient) =>
  (await q.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) => m.messageText).sort();

test.describe("message workbench", () => {
  test("a picked JSON column shows each message's field and is remembered for that queue only", async ({
    page,
    storage,
  }) => {
    const q = await queueWith(storage, "e2e-cols", [
      JSON.stringify({ orderId: "o-1", error: "Timeout" }),
      JSON.stringify({ orderId: "o-2" }),
    ]);
    const other = await queueWith(storage, "e2e-cols-other", ['{"orderId":"x"}']);
    const wb = new MessageWorkbench(page);
    await wb.goto(q.name);
    await wb.addColumn("orderId");
    await wb.addColumn("$.error");
    await expect(page.getByRole("columnheader", { name: "orderId" })).toBeVisible();
    await expect(wb.row("o-1").getByRole("cell", { name: "Timeout", exact: true })).toBeVisible();
    await expect(wb.row("o-2").getByRole("cell", { name: "o-2", exact: true })).toBeVisible();
    await page.reload();
    await expect(page.getByRole("columnheader", { name: "$.error" })).toBeVisible();
    await page.getByRole("button", { name: "Remove column $.error" }).click();
    await expect(page.getByRole("columnheader", { name: "$.error" })).toHaveCount(0);
    await wb.goto(other.name);
    await expect(wb.messageRows).toHaveCount(1);
    await expect(page.getByRole("columnheader", { name: "orderId" })).toHaveCount(0);
  });

  test("filters by JSONPath, keeps the filter per queue across a reload, and offers deep browse when nothing matches", async ({
    page,
    storage,
  }) => {
    const texts = Array.from({ length: 40 }, (_, i) =>
      JSON.stringify({ n: i, attempt: i % 6, error: i % 4 === 0 ? "Timeout" : "Other" }),
    );
    const q = await queueWith(storage, "e2e-jpath", texts);
    const wb = new MessageWorkbench(page);
    await wb.goto(q.name);
    await expect(wb.messageRows).toHaveCount(32);
    await wb.condition.fill("$.attempt > 3");
    // Of the first 32 (n 0–31), attempt = n % 6 is 4 or 5 for 10 of them.
    await expect(wb.messageRows).toHaveCount(10);
    await expect(wb.summary).toContainText("10 of 32 loaded match the filter");
    await expect(wb.summary).toContainText("About 8 messages in the queue are not loaded");
    await wb.condition.fill("$.attempt >");
    await expect(page.getByText("A value is missing after the operator.")).toBeVisible();
    await wb.condition.fill('$.error == "Timeout"');
    await expect(wb.messageRows).toHaveCount(8);
    // The address follows typing after nuqs's throttle: a reload before it would read the old one.
    await expect(page).toHaveURL(/[?&]json=(\$|%24)\.error/);
    await page.reload();
    await expect(wb.condition).toHaveValue('$.error == "Timeout"');
    await expect(wb.messageRows).toHaveCount(8);

    await wb.condition.fill('$.error == "Nope"');
    await expect(page.getByText("No loaded message matches the filter (0 of 32)")).toBeVisible();
    await expect(page.getByText("About 8 more messages in the queue have not been loaded")).toBeVisible();
    await page.getByRole("button", { name: "Deep browse to search them…" }).click();
    await expect(wb.dialog(/Deep browse/)).toBeVisible();
    await wb
      .dialog(/Deep browse/)
      .getByRole("button", { name: "Cancel" })
      .click();
    await page.getByRole("button", { name: "Clear filter" }).first().click();
    await expect(wb.messageRows).toHaveCount(32);
    expect(await count(q)).toBe(40);
  });

  test("selects a range and all matching, bulk deletes them, and returns the rest to the queue", async ({
    page,
    storage,
  }) => {
    const texts = Array.from({ length: 10 }, (_, i) => JSON.stringify({ n: i, error: i % 2 ? "Timeout" : "Ok" }));
    const q = await queueWith(storage, "e2e-bulk", texts);
    const wb = new MessageWorkbench(page);
    await wb.goto(q.name);
    await expect(wb.checkbox('"n":0')).toBeDisabled();
    await expect(page.getByText(/10 messages in view were only peeked/)).toBeVisible();
    await wb.deepBrowse(10);
    await wb.checkbox('"n":1,').click();
    await wb.checkbox('"n":4,').click({ modifiers: ["Shift"] });
    await expect(wb.summary).toContainText("4 selected");
    await expect(wb.selectAllBox).toHaveJSProperty("indeterminate", true);
    await expect(wb.selectAllBox).not.toBeChecked();
    await wb.selectAllBox.click();
    await expect(wb.summary).toContainText("10 selected");
    await expect(wb.selectAllBox).toBeChecked();
    await expect(wb.selectAllBox).toHaveJSProperty("indeterminate", false);
    // The selection exports as "Export all…" does: here the decoded text only.
    await wb.selection.getByRole("combobox", { name: "Export as" }).selectOption("decoded");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      wb.selection.getByRole("button", { name: "Export selected NDJSON" }).click(),
    ]);
    const records = (await readFile((await download.path())!, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r.decodedText).sort()).toEqual([...texts].sort());
    expect(records.every((r) => !("rawText" in r))).toBe(true);
    await wb.selectAllBox.click();
    await expect(wb.summary).not.toContainText("selected");
    await expect(wb.selectAllBox).not.toBeChecked();

    await wb.condition.fill('$.error == "Timeout"');
    await expect(wb.messageRows).toHaveCount(5);
    expect(await count(q)).toBe(10);
    await wb.selection.getByRole("button", { name: "Select all 5 matching" }).click();
    await expect(wb.summary).toContainText("5 selected");
    await wb.selection.getByRole("button", { name: "Delete 5 selected…" }).click();
    await wb.dialog(`Delete 5 messages from “${q.name}”?`).getByRole("button", { name: "Delete 5 messages" }).click();
    await expect(page.getByText("Deleted 5 messages.")).toBeVisible();
    await expect.poll(() => count(q)).toBe(5);

    await expect(page.getByText("No loaded message matches the filter (0 of 5)")).toBeVisible();
    await page.getByRole("button", { name: "Clear filter" }).first().click();
    await wb.selection.getByRole("button", { name: "Select all 5 matching" }).click();
    await wb.selection.getByRole("button", { name: "Return to queue" }).click();
    await expect(page.getByText("Returned to the queue 5 messages.")).toBeVisible();
    // Visible again at once, and exactly the ones that did not match.
    expect(await peekTexts(q)).toEqual(texts.filter((_, i) => i % 2 === 0).sort());
  });

  test("finds a peeked message, then edits and deletes it from the inspector", async ({ page, storage }) => {
    const q = await queueWith(storage, "e2e-inspect", ["alpha", "bravo", "charlie"]);
    const wb = new MessageWorkbench(page);
    await wb.goto(q.name);
    await wb.inspectButton("bravo").click();
    await wb.actions.getByRole("button", { name: "Find and receive this message…" }).click();
    await expect(wb.actions.getByRole("note")).toContainText("dequeue count raised by one");
    await wb.actions.getByRole("button", { name: "Receive it to act on it" }).click();
    await expect(page.getByText(/Received .* \(2 other messages returned at once\)/)).toBeVisible();
    expect(await peekTexts(q)).toEqual(["alpha", "charlie"]);

    await wb.actions.getByRole("button", { name: "Edit" }).click();
    await wb.actions.getByRole("textbox", { name: "Message content" }).fill("bravo edited");
    await wb.actions.getByRole("button", { name: "Save" }).click();
    await expect(page.getByText(/^Updated message /)).toBeVisible();
    await expect(wb.inspector.getByLabel("Message content")).toContainText("bravo edited");
    expect(await peekTexts(q)).toEqual(["alpha", "bravo edited", "charlie"]);

    await wb.actions.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText(/^Deleted message /)).toBeVisible();
    await expect.poll(() => count(q)).toBe(2);
    expect(await peekTexts(q)).toEqual(["alpha", "charlie"]);
  });

  test("a find that receives and releases deep-browsed rows gives them fresh receipts: deleting one afterwards works", async ({
    page,
    storage,
  }) => {
    // Waits out the shortest deep-browse visibility (30 s).
    test.setTimeout(120_000);
    const q = await queueWith(storage, "e2e-receipts", ["first", "second"]);
    const wb = new MessageWorkbench(page);
    await wb.goto(q.name);
    await wb.deepBrowse(2, 30);
    await q.sendMessage("behind");
    await wb.button("Peek again").click();
    await expect(wb.messageRows).toHaveCount(3);
    // The deep browse's visibility runs out: the rows keep receipts the next receive will replace.
    await expect
      .poll(() => peekTexts(q), { timeout: 45_000, intervals: [1000] })
      .toEqual(["behind", "first", "second"]);

    await wb.inspectButton("behind").click();
    await wb.actions.getByRole("button", { name: "Find and receive this message…" }).click();
    await wb.actions.getByRole("button", { name: "Receive it to act on it" }).click();
    await expect(page.getByText(/Received .* \(2 other messages returned at once\)/)).toBeVisible();

    await wb.inspectButton("first").click();
    await expect(wb.inspector).toContainText("first");
    await wb.actions.getByRole("button", { name: "Delete" }).click();
    await expect(page.getByText(/^Deleted message /)).toBeVisible();
    await expect(wb.actions.getByRole("alert")).toHaveCount(0);
    await expect.poll(() => peekTexts(q)).toEqual(["second"]);
  });

  test("saving the inspector's editor unchanged keeps a binary and a base64 message byte for byte", async ({
    page,
    storage,
  }) => {
    const binary = Buffer.from([0, 1, 2, 3, 255, 254, 253, 128]).toString("base64");
    const json = Buffer.from('{"orderId":"o-7"}').toString("base64");
    const q = await queueWith(storage, "e2e-edit-bytes", [binary, json]);
    const wb = new MessageWorkbench(page);
    await wb.goto(q.name);
    for (const [row, shown] of [
      ["binary, 8 bytes", binary],
      ["o-7", '{"orderId":"o-7"}'],
    ] as const) {
      await wb.inspectButton(row).click();
      await wb.actions.getByRole("button", { name: "Find and receive this message…" }).click();
      await wb.actions.getByRole("button", { name: "Receive it to act on it" }).click();
      await wb.actions.getByRole("button", { name: "Edit" }).click();
      const box = wb.actions.getByRole("textbox", { name: "Message content" });
      await expect(box).toHaveValue(shown);
      if (row.startsWith("binary"))
        await expect(box).toHaveAccessibleDescription(/Binary content, shown as its stored Base64 text/);
      // Only the visibility changes (0: visible again now); the content is not sent.
      await wb.actions.getByRole("button", { name: "Save" }).click();
      await expect(page.getByText(/^Updated message /).last()).toBeVisible();
      await expect.poll(() => peekTexts(q)).toEqual([binary, json].sort());
    }
    // An edited binary message is stored as typed ("Plain": its base64 text as is), not encoded again.
    const edited = Buffer.from([9, 8, 7, 255]).toString("base64");
    const alone = await queueWith(storage, "e2e-edit-binary", [binary]);
    await wb.goto(alone.name);
    await wb.inspectButton("binary, 8 bytes").click();
    await wb.actions.getByRole("button", { name: "Find and receive this message…" }).click();
    await wb.actions.getByRole("button", { name: "Receive it to act on it" }).click();
    await wb.actions.getByRole("button", { name: "Edit" }).click();
    await wb.actions.getByRole("textbox", { name: "Message content" }).fill(edited);
    await wb.actions.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => peekTexts(alone)).toEqual([edited]);
  });

  test("the JSON viewer starts small messages open, shows numbers and keys as written, expands everything and finds text", async ({
    page,
    storage,
  }) => {
    const small = JSON.stringify({ order: { id: "s-1", lines: [{ sku: "A" }] } });
    const items = Array.from({ length: 150 }, (_, i) => ({
      sku: `SKU-${i}`,
      detail: { note: i === 120 ? "needle here" : "plain padding text" },
    }));
    // JSON.parse would print 12345678901234567000 and put "2" before "10".
    const big = `{"orderId":"big","id":12345678901234567890,"byNumber":{"10":"ten","2":"two"},"items":${JSON.stringify(items)}}`;
    const q = await queueWith(storage, "e2e-json", [small, big]);
    const wb = new MessageWorkbench(page);
    await wb.goto(q.name);
    await wb.inspectButton("s-1").click();
    const tree = wb.inspector.getByTestId("json-view");
    await expect(tree).toContainText('"sku": "A"');
    await expect(tree.locator('button[aria-expanded="false"]')).toHaveCount(0);

    await wb.inspectButton('"orderId":"big"').click();
    await expect(tree).toContainText('"id": 12345678901234567890,');
    await expect(tree).toContainText(/"10": "ten",\s*"2": "two"/);
    await expect(tree.locator('button[aria-expanded="false"]').first()).toContainText("▸");
    // Opened by hand, a long array comes in pages.
    await tree.getByRole("button", { name: "Expand items" }).click();
    await expect(tree.getByText("100 more items")).toBeVisible();
    await tree.getByRole("button", { name: "Show 50 more" }).click();
    await expect(tree.getByText("50 more items")).toBeVisible();
    await expect(tree).not.toContainText('"SKU-0"');

    await wb.jsonView.getByRole("button", { name: "Expand all" }).click();
    await expect(tree).toContainText('"SKU-149"');
    await expect(tree.getByRole("button", { name: /^Show / })).toHaveCount(0);
    await expect(tree.locator('button[aria-expanded="false"]')).toHaveCount(0);
    // Far lines are plain text until scrolled near; then they are coloured like the rest.
    await tree.getByText('"SKU-149"').scrollIntoViewIfNeeded();
    await expect(tree.locator("span", { hasText: /^"SKU-149"$/ })).toBeVisible();
    await wb.jsonView.getByRole("button", { name: "Collapse all" }).click();
    await expect(tree.locator('button[aria-expanded="true"]')).toHaveCount(1);

    await wb.jsonView.getByRole("searchbox", { name: "Search in message" }).fill("needle");
    await expect(wb.jsonView.getByText("1 hit")).toBeVisible();
    await expect(tree.locator("mark")).toHaveText("needle");
    await wb.jsonView.getByRole("button", { name: "Raw view" }).click();
    const raw = wb.inspector.getByTestId("json-raw");
    await expect(raw).toContainText('"orderId": "big",\n  "id": 12345678901234567890,');
    await expect(raw).toContainText('"10": "ten",\n    "2": "two"');
  });

  test("keyboard-only triage: / filters, j/k move, Enter inspects, x selects, Esc clears", async ({
    page,
    storage,
  }) => {
    const q = await queueWith(storage, "e2e-keys", ["k one", "k two", "k three", "other"]);
    const wb = new MessageWorkbench(page);
    await wb.goto(q.name);
    await wb.deepBrowse(4);
    await page.locator("body").press("/");
    await expect(wb.search).toBeFocused();
    // Typed j and k stay text in the filter; only ↓ leaves it for the list.
    await page.keyboard.type("k ");
    await expect(wb.messageRows).toHaveCount(3);
    await page.keyboard.press("ArrowDown");
    await expect(wb.inspectButton("k one")).toBeFocused();
    await page.keyboard.press("/");
    await expect(wb.search).toBeFocused();
    await page.keyboard.press("Escape");
    await expect(wb.search).toHaveValue("");
    await expect(wb.messageRows).toHaveCount(4);

    await page.keyboard.press("Tab");
    await expect(wb.condition).toBeFocused();
    await page.keyboard.type("$.n == 1");
    await expect(page.getByText(/No loaded message matches the filter/)).toBeVisible();
    await page.keyboard.press("Escape");
    await expect(wb.condition).toHaveValue("");
    await expect(wb.messageRows).toHaveCount(4);
    await page.keyboard.press("ArrowDown");
    await expect(wb.inspectButton("k one")).toBeFocused();
    await page.keyboard.press("j");
    await expect(wb.inspectButton("k two")).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(wb.inspectButton("k three")).toBeFocused();
    await page.keyboard.press("k");
    await expect(wb.inspectButton("k two")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(wb.inspector).toContainText("k two");
    await page.keyboard.press("x");
    await page.keyboard.press("j");
    await page.keyboard.press("x");
    await expect(wb.summary).toContainText("2 selected");
    await expect(wb.checkbox("k three")).toBeChecked();
    await page.keyboard.press("Escape");
    await expect(wb.summary).not.toContainText("selected");
    expect(await count(q)).toBe(4);
  });
});

test.describe("the inspector at 390 px", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("a tapped message opens as a sheet in view, without sideways scroll; Escape and Close return to the row", async ({
    page,
    storage,
  }) => {
    const texts = Array.from({ length: 20 }, (_, i) =>
      JSON.stringify({ n: i, note: "long enough to wrap on a phone screen ".repeat(4) }),
    );
    const q = await queueWith(storage, "e2e-sheet", texts);
    const wb = new MessageWorkbench(page);
    await wb.goto(q.name);
    await expect(wb.messageRows).toHaveCount(20);
    // Far down the list, where an inspector placed under it would be out of sight.
    const row = wb.messageRows.nth(15);
    const id = (await row.getAttribute("aria-label"))!.replace("Inspect message ", "");
    await row.tap();
    const sheet = page.getByRole("dialog", { name: `Message ${id}` });
    await expect(sheet).toBeVisible();
    await expect(sheet.getByRole("button", { name: "Close" })).toBeFocused();
    await expect(wb.inspector).toBeInViewport();
    await expect(wb.inspector).toContainText(id);
    await expect(wb.inspector.getByLabel("Message content")).toContainText("long enough to wrap");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const sheetBox = await sheet.boundingBox();
    expect(sheetBox!.x).toBeGreaterThanOrEqual(0);
    expect(sheetBox!.x + sheetBox!.width).toBeLessThanOrEqual(390);
    await page.keyboard.press("Escape");
    await expect(sheet).toBeHidden();
    await expect(row).toBeFocused();
    await expect(page).not.toHaveURL(/[?&]msg=/);

    await wb.messageRows.nth(3).tap();
    const second = page.getByRole("dialog", { name: /^Message / });
    await second.getByRole("button", { name: "Close" }).tap();
    await expect(second).toBeHidden();
    await expect(wb.messageRows.nth(3)).toBeFocused();

    // Wide enough for both, the same message is a side panel beside the list, not a dialog.
    await page.setViewportSize({ width: 1400, height: 900 });
    await wb.messageRows.nth(3).click();
    await expect(wb.inspector).toBeVisible();
    await expect(page.getByRole("dialog", { name: /^Message / })).toHaveCount(0);
  });
});
