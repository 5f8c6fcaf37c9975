// The shell around every page: the command palette, shortcuts, URL state, toasts and 390 px phones.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { AzuriteProcess } from "../scripts/lib/azurite";
import { expect, test } from "./support/fixtures";
import { QueuesPage, toast } from "./support/pages";
import { ROOT, startQueuescope, tempDir, type QueuescopeInstance } from "./support/queuescope";
import {
  EMULATOR_ACCOUNT_KEY,
  EMULATOR_ACCOUNT_NAME,
  emulatorService,
  startBareAzurite,
  uniqueQueueName,
} from "./support/storage";
import { CommandPalette } from "./support/shell";

test.describe("command palette across two accounts", () => {
  let alpha: AzuriteProcess | undefined;
  let beta: AzuriteProcess | undefined;
  let instance: QueuescopeInstance | undefined;
  let configDir: string | undefined;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    [alpha, beta] = await Promise.all([startBareAzurite(), startBareAzurite()]);
    await emulatorService(alpha.accountUrl).getQueueClient("orders-alpha").create();
    await emulatorService(beta.accountUrl).getQueueClient("invoices-beta-only").create();
    configDir = tempDir("palette-accounts");
    mkdirSync(configDir, { recursive: true });
    const file = path.join(configDir, "accounts.json");
    const entry = (id: string, name: string, url: string) => ({
      id,
      name,
      accountName: EMULATOR_ACCOUNT_NAME,
      accountKey: EMULATOR_ACCOUNT_KEY,
      queueEndpoint: url,
    });
    writeFileSync(
      file,
      JSON.stringify([entry("alpha", "Alpha", alpha.accountUrl), entry("beta", "Beta", beta.accountUrl)]),
    );
    instance = await startQueuescope({ env: { QUEUESCOPE_ACCOUNTS: file } });
  });

  test.afterAll(async () => {
    await instance?.stop();
    await Promise.all([alpha?.stop(), beta?.stop()]);
    if (configDir) rmSync(configDir, { recursive: true, force: true });
  });

  test("Ctrl+K, typing and Enter open a queue of the other account, keyboard only", async ({ page }) => {
    const queues = new QueuesPage(page, instance!.url);
    await queues.goto("alpha");
    const palette = new CommandPalette(page);
    await palette.openWithKeyboard();
    await page.keyboard.type("invoices");
    await expect(palette.option(/invoices-beta-only/)).toContainText("Beta");
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(/\/accounts\/beta\/queues\/invoices-beta-only$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("invoices-beta-only");
    await expect(palette.dialog).toBeHidden();
  });
});

test.describe("keyboard", () => {
  test("? lists the shortcuts, / focuses the filter, the skip link reaches the first queue in three keys, and Enter opens it", async ({
    page,
    queuesPage,
  }) => {
    await queuesPage.goto();
    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(help).toContainText("Open the command palette");
    await page.keyboard.press("Escape");
    await expect(help).toBeHidden();
    await page.keyboard.press("/");
    await expect(page.getByRole("searchbox", { name: "Filter" })).toBeFocused();

    await page.goto("/accounts/local/queues");
    await queuesPage.ready();
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await expect(page.getByRole("link", { name: "Skip to the first queue" })).toBeFocused();
    await page.keyboard.press("Enter");
    const first = queuesPage.rows.first().getByRole("link").first();
    await expect(first).toBeFocused();
    const name = (await first.textContent())!.trim();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  });

  test("the palette runs the page's own actions and closes with Escape", async ({ page, queuesPage }) => {
    await queuesPage.goto();
    const palette = new CommandPalette(page);
    await palette.openWithKeyboard();
    await page.keyboard.type("poison queues only");
    await page.keyboard.press("Enter");
    await expect(page.getByRole("checkbox", { name: "Poison queues only" })).toBeChecked();
    await expect(page).toHaveURL(/[?&]poison=true/);
    await palette.openWithKeyboard();
    await page.keyboard.press("Escape");
    await expect(palette.dialog).toBeHidden();
  });
});

test.describe("URL state", () => {
  test("a shared link reproduces the queue table's filter, flags and sort; Back undoes a sort", async ({
    page,
    queuesPage,
    browser,
  }) => {
    await queuesPage.goto();
    await queuesPage.waitForCounts();
    await page.getByRole("searchbox", { name: "Filter" }).fill("orders");
    await page.getByRole("checkbox", { name: "Poison queues only" }).check();
    await page
      .getByRole("columnheader", { name: /Messages/ })
      .getByRole("button")
      .click();
    await expect(page).toHaveURL(/sort=depth/);
    const shared = page.url();
    expect(shared).toMatch(/q=orders/);

    const other = await browser.newPage();
    try {
      await other.goto(shared);
      const view = new QueuesPage(other);
      await view.ready();
      await expect(other.getByRole("searchbox", { name: "Filter" })).toHaveValue("orders");
      await expect(other.getByRole("checkbox", { name: "Poison queues only" })).toBeChecked();
      await expect(other.getByRole("columnheader", { name: /Messages/ })).toHaveAttribute("aria-sort", "descending");
    } finally {
      await other.close();
    }

    await page.goBack();
    await expect(page).not.toHaveURL(/sort=depth/);
    await expect(page.getByRole("columnheader", { name: /Messages/ })).toHaveAttribute("aria-sort", "none");
    await expect(page.getByRole("checkbox", { name: "Poison queues only" })).toBeChecked();
  });

  test("the queue page's tab and message search survive a reload", async ({ page, storage }) => {
    const q = storage.getQueueClient(uniqueQueueName("e2e-url"));
    await q.create();
    await q.sendMessage("apple pie");
    await q.sendMessage("banana bread");
    await page.goto(`/accounts/local/queues/${q.name}`);
    await page.getByRole("searchbox", { name: "Search loaded messages" }).fill("banana");
    await expect(page).toHaveURL(/search=banana/);
    await page.reload();
    await expect(page.getByRole("searchbox", { name: "Search loaded messages" })).toHaveValue("banana");
    await expect(page.getByText(/1 of 2 loaded match the filter/)).toBeVisible();
    await page.getByRole("tab", { name: "Properties" }).click();
    await expect(page).toHaveURL(/tab=properties/);
    await page.reload();
    await expect(page.getByRole("tab", { name: "Properties" })).toHaveAttribute("aria-selected", "true");
  });
});

test("a mutation says what it changed in a toast, with a link", async ({ page, storage }) => {
  const q = storage.getQueueClient(uniqueQueueName("e2e-toast"));
  await q.create();
  await page.goto(`/accounts/local/queues/${q.name}`);
  await page.getByRole("button", { name: "Send message…" }).click();
  const dialog = page.getByRole("dialog", { name: /Send a message/ });
  await dialog
    .getByRole("textbox", { name: /Message/ })
    .first()
    .fill("hello");
  await dialog.getByRole("button", { name: /^Send/ }).click();
  const sent = toast(page, `Sent 1 message of 5 bytes to ${q.name}.`);
  await expect(sent).toBeVisible();
  await expect(sent.getByRole("link", { name: "Open the queue" })).toHaveAttribute(
    "href",
    `/accounts/local/queues/${q.name}`,
  );
});

// Every page.tsx under app/ (a glob; Node 20 has no fs.globSync), so a new page is checked without a list to keep.
function pagesOnDisk(queue: string): string[] {
  const app = path.join(ROOT, "app");
  return (readdirSync(app, { recursive: true }) as string[])
    .filter((file) => path.basename(file) === "page.tsx" && !file.split(path.sep).includes("api"))
    .map((file) =>
      `/${path.dirname(file)}`.replace(/\/\.$/, "/").replace("[account]", "local").replace("[queue]", queue),
    );
}

test("at 390 px no page scrolls sideways, and the header folds into a menu", async ({ browser, app, storage }) => {
  const q = storage.getQueueClient(uniqueQueueName("e2e-narrow-queue-with-a-rather-long-name"));
  await q.create();
  await q.sendMessage(JSON.stringify({ order: 1, note: "a message long enough to wrap on a phone screen ".repeat(3) }));
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    baseURL: app.url,
    hasTouch: true,
    isMobile: true,
  });
  const page = await context.newPage();
  try {
    const routes = pagesOnDisk(q.name);
    expect(routes.length).toBeGreaterThanOrEqual(8);
    for (const route of routes) {
      await page.goto(route);
      await page.waitForLoadState("networkidle");
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect.soft(width, `${route} is ${width} px wide`).toBeLessThanOrEqual(390);
    }
    await page.goto("/accounts/local/queues");
    await expect(page.getByRole("link", { name: "Jobs", exact: true })).toBeHidden();
    await page.getByRole("button", { name: "Menu" }).click();
    // The folded menu wraps its links rather than running them off the screen's edge.
    for (const name of ["Audit", "Tokens"])
      await expect(page.getByRole("link", { name, exact: true })).toBeInViewport({ ratio: 1 });
    await page.getByRole("link", { name: "Jobs", exact: true }).click();
    await expect(page).toHaveURL(/\/jobs$/);
  } finally {
    await context.close();
  }
});

test("leaving unsaved settings asks first, and stays when told to", async ({ page }) => {
  await page.goto("/accounts/local/settings");
  await page.getByRole("button", { name: "+ Add rule" }).click();
  // Other specs share the account's settings: the rule just added is the last one.
  const origins = page.getByRole("textbox", { name: /Allowed origins/ }).last();
  await origins.fill("https://unsaved.example.com");
  const asked: string[] = [];
  page.once("dialog", (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page.getByRole("link", { name: "Jobs", exact: true }).click();
  await expect.poll(() => asked).toEqual(["You have unsaved changes. Leave this page and lose them?"]);
  await expect(page).toHaveURL(/\/settings$/);
  await expect(origins).toHaveValue("https://unsaved.example.com");
  page.once("dialog", (d) => void d.accept());
  await page.getByRole("link", { name: "Jobs", exact: true }).click();
  await expect(page).toHaveURL(/\/jobs$/);
});

test("unsaved settings ask before the palette or Back leaves them, and Back leaves once told to", async ({ page }) => {
  await page.goto("/jobs");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/accounts\/local\/settings$/);
  await page.getByRole("button", { name: "+ Add rule" }).click();
  const origins = page.getByRole("textbox", { name: /Allowed origins/ }).last();
  await origins.fill("https://unsaved-back.example.com");
  const asked: string[] = [];
  let answer: "stay" | "leave" = "stay";
  page.on("dialog", (d) => {
    asked.push(d.message());
    void (answer === "stay" ? d.dismiss() : d.accept());
  });

  const palette = new CommandPalette(page);
  await palette.openWithKeyboard();
  await page.keyboard.type("Jobs");
  await expect(palette.option("Jobs")).toBeVisible();
  await page.keyboard.press("Enter");
  await expect.poll(() => asked.length).toBe(1);
  await page.keyboard.press("Escape");
  await expect(palette.dialog).toBeHidden();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(origins).toHaveValue("https://unsaved-back.example.com");

  // Not page.goBack(): it waits for a navigation that staying never makes.
  await page.evaluate(() => history.back());
  await expect.poll(() => asked.length).toBe(2);
  await expect(page).toHaveURL(/\/settings$/);
  await expect(origins).toHaveValue("https://unsaved-back.example.com");

  answer = "leave";
  await page.evaluate(() => history.back());
  await expect(page).toHaveURL(/\/jobs$/);
  expect(asked).toEqual(Array(3).fill("You have unsaved changes. Leave this page and lose them?"));
});

test("leaving unsaved settings through the palette or a link leaves no extra step of them behind", async ({ page }) => {
  page.on("dialog", (d) => void d.accept());
  for (const via of ["palette", "link"] as const) {
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(/\/accounts\/local\/settings$/);
    await page.getByRole("button", { name: "+ Add rule" }).click();
    await page
      .getByRole("textbox", { name: /Allowed origins/ })
      .last()
      .fill(`https://${via}.example.com`);
    if (via === "palette") {
      const palette = new CommandPalette(page);
      await palette.openWithKeyboard();
      await page.keyboard.type("Jobs");
      await expect(palette.option("Jobs")).toBeVisible();
      await page.keyboard.press("Enter");
    } else await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Jobs" }).click();
    await expect(page).toHaveURL(/\/jobs$/);
    await page.goBack();
    await expect(page).toHaveURL(/\/accounts\/local\/settings$/);
    // The guard entry was replaced by the page left for: the next Back goes past the settings.
    await page.goBack();
    await expect(page).toHaveURL(/\/$/);
  }
});

test("settings made clean again leave no extra history step behind, and an agreed Back asks once", async ({ page }) => {
  await page.goto("/jobs");
  await page.goto("/accounts/local/settings");
  const asked: string[] = [];
  page.on("dialog", (d) => {
    asked.push(d.message());
    void d.dismiss();
  });
  await page.getByRole("button", { name: "+ Add rule" }).click();
  await page
    .getByRole("textbox", { name: /Allowed origins/ })
    .last()
    .fill("https://discarded.example.com");
  // Removing the only change makes the form clean again, as a save would.
  await page
    .getByRole("button", { name: /^Remove rule/ })
    .last()
    .click();
  await page.evaluate(() => history.back());
  await expect(page).toHaveURL(/\/jobs$/);
  expect(asked).toEqual([]);

  // Leaving for a page of another document, once agreed, is not asked again as the page unloads.
  await page.goForward();
  await page.getByRole("button", { name: "+ Add rule" }).click();
  await page
    .getByRole("textbox", { name: /Allowed origins/ })
    .last()
    .fill("https://agreed.example.com");
  page.removeAllListeners("dialog");
  page.on("dialog", (d) => {
    asked.push(d.type());
    void d.accept();
  });
  await page.evaluate(() => history.back());
  await expect(page).toHaveURL(/\/jobs$/);
  expect(asked).toEqual(["confirm"]);
});

test("keyboard only: a dialog opens with Enter, is tabbed through inside, and Escape returns focus to its button", async ({
  page,
  queuesPage,
}) => {
  await queuesPage.goto();
  const open = page.getByRole("button", { name: "+ New queue" });
  await open.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Create queue" });
  await expect(dialog.getByRole("textbox", { name: "Queue name" })).toBeFocused();
  const stops = await dialog.locator("input:enabled, select:enabled, textarea:enabled, button:enabled").count();
  for (let i = 1; i < stops; i++) {
    await page.keyboard.press("Tab");
    expect(await dialog.evaluate((d) => d.contains(document.activeElement))).toBe(true);
  }
  await expect(dialog.getByRole("button", { name: "Create queue" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(open).toBeFocused();
});

test("a row's action menu opens from the keyboard, copies the queue name, and closes with Escape", async ({
  page,
  queuesPage,
  context,
  app,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
  await queuesPage.goto();
  // The shared instance holds many test queues by now: find the row rather than scroll to it.
  await page.getByRole("searchbox", { name: "Filter" }).fill("orders");
  const menuButton = queuesPage.row("orders").getByRole("button", { name: "Actions for orders" });
  await menuButton.focus();
  await page.keyboard.press("Enter");
  const menu = page.getByRole("dialog", { name: "Queue “orders”" });
  await expect(menu.getByRole("link", { name: "Peek messages" })).toHaveAttribute(
    "href",
    "/accounts/local/queues/orders?tab=messages",
  );
  await page.keyboard.press("Escape");
  await expect(menu).toBeHidden();
  await menuButton.click();
  await menu.getByRole("button", { name: "Copy name" }).click();
  await expect(toast(page, "Copied the queue name")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe("orders");
});

test("the jobs page's filters live in the URL", async ({ page }) => {
  await page.goto("/jobs?state=finished&kind=move&queue=no-such-queue-anywhere");
  await expect(page.getByRole("combobox", { name: "State" })).toHaveValue("finished");
  await expect(page.getByRole("combobox", { name: "Kind" })).toHaveValue("move");
  await expect(page.getByRole("searchbox", { name: "Queue" })).toHaveValue("no-such-queue-anywhere");
  await expect(page.getByText("No job matches these filters").or(page.getByText("No jobs yet"))).toBeVisible();
  await page.getByRole("combobox", { name: "Kind" }).selectOption("");
  await expect(page).not.toHaveURL(/kind=/);
  await expect(page).toHaveURL(/state=finished/);
});
