// What each role sees and may do: viewer, operator and admin on one instance, each in a browser
// context of its own. Absent controls are checked only after the page has loaded its data.
import type { QueueClient, QueueServiceClient } from "@azure/storage-queue";
import type { Browser, BrowserContext, Locator, Page } from "@playwright/test";
import { queueEndpointAs, signIn, startWithUsers, USERS, type TestUser } from "./support/auth";
import { expect, SCREENSHOTS, test } from "./support/fixtures";
import { QueuesPage } from "./support/pages";
import type { QueuescopeInstance } from "./support/queuescope";
import { emulatorService, uniqueQueueName } from "./support/storage";

const SEEDED = ["seed 1", "seed 2", "seed 3"];
const QUEUES_PATH = "/accounts/local/queues";

/** Controls of the queue page that change something, by the role that first gets them. */
const OPERATOR_QUEUE_CONTROLS = [
  "Send message…",
  "Import…",
  "Deep browse…",
  "Export all…",
  "Clear queue…",
  "Move messages…",
];
const ADMIN_QUEUE_CONTROLS = ["Delete queue…"];
const ADMIN_PROPERTY_CONTROLS = ["Edit metadata", "Edit policies", "Generate SAS URL"];
const ADMIN_SETTINGS_CONTROLS = [/^Review and save/, "Discard changes", "+ Add rule"];

interface Signed {
  context: BrowserContext;
  page: Page;
}

async function signedIn(browser: Browser, origin: string, user: TestUser): Promise<Signed> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, origin, user, QUEUES_PATH);
  await new QueuesPage(page, origin).ready();
  return { context, page };
}

/** A POST from inside the page, as any script on it could send: the browser adds Origin and Sec-Fetch-Site. */
async function postFromPage(page: Page, path: string, body: unknown): Promise<{ status: number; code?: string }> {
  return page.evaluate(
    async ({ path, body }) => {
      const res = await fetch(path, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify(body),
      });
      const json = (await res.json().catch(() => null)) as { error?: { code?: string } } | null;
      return { status: res.status, code: json?.error?.code };
    },
    { path, body },
  );
}

function button(page: Page | Locator, name: string | RegExp): Locator {
  return page.getByRole("button", { name, exact: typeof name === "string" });
}

async function expectButtons(
  page: Page | Locator,
  names: readonly (string | RegExp)[],
  present: boolean,
): Promise<void> {
  for (const name of names) {
    if (present) await expect(button(page, name), String(name)).toBeVisible();
    else await expect(button(page, name), String(name)).toHaveCount(0);
  }
}

/** The queue table's own controls for `queueName`: its selection box, the bulk bar it opens, its row menu. */
async function expectTableControls(page: Page, queueName: string, can: { clear: boolean; delete: boolean }) {
  const queues = new QueuesPage(page);
  await expect(queues.queueLink(queueName)).toBeVisible();
  const box = queues.selectBox(queueName);
  if (can.clear || can.delete) {
    await box.check();
    await expectButtons(queues.bulkBar, ["Clear 1…"], can.clear);
    await expectButtons(queues.bulkBar, ["Delete 1…"], can.delete);
    await box.uncheck();
  } else await expect(queues.table.getByRole("checkbox")).toHaveCount(0);
  const menu = await queues.openRowMenu(queueName);
  await expectButtons(menu, ["Clear messages…"], can.clear);
  await page.keyboard.press("Escape");
}

function auditLink(page: Page): Locator {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" });
}

test.describe("roles", () => {
  test.describe.configure({ mode: "serial" });
  let app: QueuescopeInstance;
  let storage: QueueServiceClient;
  let queueName: string;
  let queue: QueueClient;
  let queuePath: string;

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    app = await startWithUsers();
    storage = emulatorService(await queueEndpointAs(app.url, USERS.admin));
    queueName = uniqueQueueName("rbac");
    queuePath = `${QUEUES_PATH}/${queueName}`;
    queue = storage.getQueueClient(queueName);
    await queue.create();
    for (const text of SEEDED) await queue.sendMessage(text);
  });
  test.afterAll(async () => {
    await app?.stop();
  });

  /** Opens the queue page and waits for the peek, so missing controls are missing, not late. */
  async function openQueue(page: Page, tab: "messages" | "properties" = "messages"): Promise<void> {
    await page.goto(`${app.url}${queuePath}?tab=${tab}`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(queueName);
    if (tab === "messages") await expect(page.getByRole("button", { name: /^Inspect message / }).first()).toBeVisible();
    else await expect(page.getByRole("region", { name: "Metadata" })).toBeVisible();
  }

  async function openSettings(page: Page): Promise<void> {
    await page.goto(`${app.url}/accounts/local/settings`);
    await expect(page.getByRole("heading", { level: 1, name: "Queue service settings" })).toBeVisible();
    await expect(page.getByRole("region", { name: /^CORS rules/ })).toBeVisible();
  }

  test("viewer: reads queues, messages and settings; every change is hidden, and refused by the server", async ({
    browser,
  }) => {
    const { context, page } = await signedIn(browser, app.url, USERS.viewer);
    try {
      const queues = new QueuesPage(page, app.url);
      await expect(queues.queueLink(queueName)).toBeVisible();
      await expect(
        page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }),
      ).toBeVisible();
      await expect(auditLink(page)).toHaveCount(0);
      await expect(button(page, "+ New queue")).toHaveCount(0);
      await expectTableControls(page, queueName, { clear: false, delete: false });

      await openQueue(page);
      const rows = page.getByRole("button", { name: /^Inspect message / });
      await expect(rows).toHaveCount(SEEDED.length);
      await rows.first().click();
      await expect(page.getByRole("region", { name: "Message inspector" }).getByLabel("Message content")).toContainText(
        SEEDED[0]!,
      );
      await expectButtons(page, [...OPERATOR_QUEUE_CONTROLS, ...ADMIN_QUEUE_CONTROLS, "Receive", "Delete"], false);
      await expect(page.getByRole("region", { name: "Dequeue" })).toHaveCount(0);
      // Downloading what the viewer already sees is reading, not changing.
      await expect(button(page, "Export JSON")).toBeEnabled();

      await openQueue(page, "properties");
      await expect(page.getByRole("region", { name: /^Stored access policies/ })).toBeVisible();
      await expectButtons(page, ADMIN_PROPERTY_CONTROLS, false);
      await expect(page.getByRole("region", { name: "Shared access signature" })).toHaveCount(0);

      await openSettings(page);
      await expect(
        page.getByText("Changing settings needs the admin role: they are shown, not editable."),
      ).toBeVisible();
      await expectButtons(page, ADMIN_SETTINGS_CONTROLS, false);

      const refused = await postFromPage(page, `/api/accounts/local/queues/${queueName}/messages`, {
        text: "from the viewer",
      });
      expect(refused).toEqual({ status: 403, code: "forbidden" });
      expect((await queue.getProperties()).approximateMessagesCount).toBe(SEEDED.length);

      await page.goto(`${app.url}/audit`);
      await expect(page).toHaveURL(`${app.url}/forbidden`);
      await expect(page.getByRole("heading", { name: "Your role cannot open this page" })).toBeVisible();
      await expect(page.getByRole("table")).toHaveCount(0);
    } finally {
      await context.close();
    }
  });

  test("operator: sends and deletes messages, sees clear and move, but no queue or settings administration", async ({
    browser,
  }) => {
    const { context, page } = await signedIn(browser, app.url, USERS.operator);
    try {
      await expect(auditLink(page)).toHaveCount(0);
      await expect(button(page, "+ New queue")).toHaveCount(0);
      await expectTableControls(page, queueName, { clear: true, delete: false });

      await openQueue(page);
      await expectButtons(page, OPERATOR_QUEUE_CONTROLS, true);
      await expectButtons(page, ADMIN_QUEUE_CONTROLS, false);

      await button(page, "Send message…").click();
      const dialog = page.getByRole("dialog", { name: `Send a message to “${queueName}”` });
      await dialog.getByRole("textbox", { name: "Message body" }).fill("from olga");
      await dialog.getByRole("button", { name: "Send message" }).click();
      await expect(page.getByText(`Sent 1 message of 9 bytes to ${queueName}.`)).toBeVisible();
      expect((await queue.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) => m.messageText)).toEqual(
        [...SEEDED, "from olga"],
      );

      const dequeue = page.getByRole("region", { name: "Dequeue" });
      await dequeue.getByRole("button", { name: "Receive" }).click();
      const received = dequeue.getByRole("listitem");
      await expect(received).toHaveCount(1);
      await received.getByRole("button", { name: "Delete" }).click();
      await expect(received).toHaveCount(0);
      // The approximate count includes invisible messages: only a real delete lowers it.
      await expect.poll(async () => (await queue.getProperties()).approximateMessagesCount).toBe(SEEDED.length);

      await openQueue(page, "properties");
      await expectButtons(page, ADMIN_PROPERTY_CONTROLS, false);
      await expect(page.getByRole("region", { name: "Shared access signature" })).toHaveCount(0);

      await openSettings(page);
      await expectButtons(page, ADMIN_SETTINGS_CONTROLS, false);

      const doomed = uniqueQueueName("rbac-operator");
      expect(await postFromPage(page, "/api/accounts/local/queues", { name: doomed })).toEqual({
        status: 403,
        code: "forbidden",
      });
      expect(await storage.getQueueClient(doomed).exists()).toBe(false);
    } finally {
      await context.close();
    }
  });

  test("admin: every control, creates a queue, and reads who did and tried what in the audit log", async ({
    browser,
  }) => {
    const { context, page } = await signedIn(browser, app.url, USERS.admin);
    try {
      await expect(auditLink(page)).toBeVisible();
      await expectTableControls(page, queueName, { clear: true, delete: true });
      const created = uniqueQueueName("rbac-admin");
      await button(page, "+ New queue").click();
      const dialog = page.getByRole("dialog", { name: "Create queue" });
      await dialog.getByRole("textbox", { name: "Queue name" }).fill(created);
      await dialog.getByRole("button", { name: "Create queue" }).click();
      await expect(page).toHaveURL(`${app.url}${QUEUES_PATH}/${created}`);
      expect(await storage.getQueueClient(created).exists()).toBe(true);

      await openQueue(page);
      await expectButtons(page, [...OPERATOR_QUEUE_CONTROLS, ...ADMIN_QUEUE_CONTROLS], true);
      await expect(page.getByRole("region", { name: "Dequeue" })).toBeVisible();
      await openQueue(page, "properties");
      await expectButtons(page, ADMIN_PROPERTY_CONTROLS, true);
      await openSettings(page);
      await expect(button(page, /^Review and save/)).toBeVisible();

      await auditLink(page).click();
      await expect(page).toHaveURL(`${app.url}/audit`);
      await expect(page.getByRole("heading", { level: 1, name: "Audit log" })).toBeVisible();
      const rows = page
        .getByRole("table", { name: "Audit entries, newest first" })
        .getByRole("row")
        .filter({ has: page.getByRole("cell") });
      const cell = (row: Locator, column: "user" | "action" | "where" | "outcome" | "details") =>
        row.getByRole("cell").nth({ user: 1, action: 2, where: 3, outcome: 4, details: 5 }[column]);
      const entry = (user: string, action: string) =>
        rows
          .filter({ has: page.getByRole("cell", { name: action, exact: true }) })
          .filter({ has: page.getByRole("cell", { name: new RegExp(`^${user}\\s*\\(`) }) });

      const sent = entry(USERS.operator.username, "message.send");
      await expect(sent).toHaveCount(1);
      await expect(cell(sent, "user")).toHaveText(`${USERS.operator.username}(operator)`);
      await expect(cell(sent, "where")).toHaveText(`local / ${queueName}`);
      await expect(cell(sent, "outcome")).toHaveText("ok");

      const tried = entry(USERS.viewer.username, "message.send");
      await expect(tried).toHaveCount(1);
      await expect(cell(tried, "user")).toHaveText(`${USERS.viewer.username}(viewer)`);
      await expect(cell(tried, "outcome")).toHaveText("deniedforbidden (403)");

      const notCreated = entry(USERS.operator.username, "queue.create");
      await expect(cell(notCreated, "outcome")).toHaveText("deniedforbidden (403)");
      const create = entry(USERS.admin.username, "queue.create");
      await expect(cell(create, "outcome")).toHaveText("ok");
      // The created queue's name comes in the body: it is in the details, not the queue column.
      await expect(cell(create, "details")).toContainText(`name=${created}`);

      await page.screenshot({ path: `${SCREENSHOTS}/audit-admin-light.png`, fullPage: true });
      await page.emulateMedia({ colorScheme: "dark" });
      await page.reload();
      await expect(page.locator("html")).toHaveClass(/\bdark\b/);
      await expect(sent).toHaveCount(1);
      await page.screenshot({ path: `${SCREENSHOTS}/audit-admin-dark.png`, fullPage: true });
      await page.emulateMedia({ colorScheme: "light" });

      const filters = page.getByRole("search", { name: "Filter the audit log" });
      await filters.getByRole("searchbox", { name: "User" }).fill(USERS.operator.username);
      await expect(entry(USERS.viewer.username, "message.send")).toHaveCount(0);
      await expect(sent).toHaveCount(1);
      const users = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll("td")[1]?.textContent ?? ""));
      expect(users.length).toBeGreaterThan(1);
      expect(users.every((u) => u.startsWith(USERS.operator.username))).toBe(true);
      await expect(page.getByRole("status").filter({ hasText: /^Showing \d+ entr/ })).toHaveText(
        `Showing ${users.length} entries`,
      );
    } finally {
      await context.close();
    }
  });

  test("the sign-in page, for a look at its layout", async ({ page }) => {
    await page.goto(`${app.url}/login?error=signed_out`);
    await expect(page.getByRole("form", { name: "Local account sign-in" })).toBeVisible();
    await expect(page.getByRole("status")).toHaveText("You have signed out.");
    await page.screenshot({ path: `${SCREENSHOTS}/login-light.png`, fullPage: true });
  });
});
