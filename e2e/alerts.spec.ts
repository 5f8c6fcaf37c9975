// The Alerts page on the shared instance: an admin creates a rule in the editor, tests its webhook
// against a real receiver, a sample round fires it (published against the instance's state store
// the way its sampling leader does), the firing alert appears, and the rule is deleted after a
// confirmation that names it. Screenshots at 390 px in light and dark for a human to look at.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { startWebhookReceiver, type WebhookReceiver } from "../tests/support/webhook-receiver";
import { apiSignIn, queueEndpointAs, signIn, startWithUsers, USERS, withFreshPage } from "./support/auth";
import { expect, test } from "./support/fixtures";
import { OverviewPage } from "./support/metrics-pages";
import { ROOT, tempDir } from "./support/queuescope";
import { emulatorService, queueEndpointOf, uniqueQueueName } from "./support/storage";

const SHOTS = "/tmp/alerts-shots";
let receiver: WebhookReceiver;

test.beforeAll(async () => {
  receiver = await startWebhookReceiver();
  mkdirSync(SHOTS, { recursive: true });
});
test.afterAll(async () => receiver.close());

/** One sampling round of the queues under `prefix`, evaluated against the instance's alert rules. */
async function publishRound(app: { url: string; dataDir: string }, prefix: string, queueEndpoint?: string) {
  const lock = JSON.parse(readFileSync(path.join(app.dataDir, "queuescope.lock.json"), "utf8")) as {
    stateConnectionString?: string;
  };
  expect(lock.stateConnectionString, "the shared instance names its embedded state store").toBeTruthy();
  // Not spawnSync: the webhook receiver lives in this process and must answer meanwhile.
  await promisify(execFile)(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", path.join("e2e", "support", "publish-round.ts"), prefix],
    {
      cwd: ROOT,
      timeout: 60_000,
      env: {
        ...process.env,
        NODE_OPTIONS: undefined,
        QUEUESCOPE_STATE_CONNECTION_STRING: lock.stateConnectionString,
        QUEUESCOPE_EMULATOR_URL: queueEndpoint ?? (await queueEndpointOf(app.url, "local")),
        QUEUESCOPE_DATA_DIR: tempDir("alerts-round"),
        QUEUESCOPE_PUBLIC_URL: app.url,
      },
    },
  );
}

test("the rule editor creates a rule, tests its webhook, the alert fires and shows, and the rule is deleted", async ({
  page,
  app,
  storage,
}) => {
  const queue = uniqueQueueName("e2ealert");
  const poison = `${queue}-poison`;
  await storage.getQueueClient(poison).create();
  await storage.getQueueClient(poison).sendMessage("failed order 1");
  const name = `Poison ${queue}`;

  await page.goto("/alerts");
  await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Alerts" })).toHaveAttribute(
    "aria-current",
    "page",
  );

  await page.getByRole("button", { name: "New rule" }).click();
  const dialog = page.getByRole("dialog", { name: "New alert rule" });
  await dialog.getByLabel("Name").fill(name);
  await dialog.getByLabel("Queues").fill("ftp://nope");
  await dialog.getByLabel("Webhook URL (optional)").fill("ftp://hooks.example/x");
  await dialog.getByRole("button", { name: "Create rule" }).click();
  await expect(dialog.getByText("Patterns use lowercase letters")).toBeVisible();
  await expect(dialog.getByText("Enter an http:// or https:// URL.")).toBeVisible();
  await dialog.getByLabel("Queues").fill(`${queue}*-poison`);
  await dialog.getByLabel("Condition").selectOption("not_empty");
  await dialog.getByLabel("For (seconds)").fill("0");
  await dialog.getByLabel("Webhook format").selectOption("slack");
  await dialog.getByLabel("Webhook URL (optional)").fill(receiver.url);
  await dialog.getByRole("button", { name: "Create rule" }).click();
  await expect(dialog).toBeHidden();

  const rules = page.getByRole("list", { name: "Alert rules" });
  const row = rules.getByRole("listitem").filter({ hasText: name });
  await expect(row).toContainText("Not empty");
  await expect(row).toContainText("Slack webhook · 0 delivered, 0 failed");

  await row.getByRole("button", { name: `Test webhook of ${name}` }).click();
  await expect(row.getByText(/^Test delivered: http:\/\/127\.0\.0\.1:\d+ answered 200 in \d+ ms\.$/)).toBeVisible();
  const test = receiver.received.at(-1)!.body;
  expect(test.text).toMatch(new RegExp(`^Test from Queuescope: ${name} on local/`));

  await publishRound(app, queue);
  const fired = receiver.received.filter((h) => String(h.body.text).startsWith(`FIRING: ${name} on local/${poison}`));
  expect(fired).toHaveLength(1);
  expect(JSON.stringify(fired[0]!.body)).toContain(`${app.url}/accounts/local/queues/${poison}`);

  await page.reload();
  const firing = page.getByRole("list", { name: "Firing alerts" }).getByRole("listitem").filter({ hasText: name });
  await expect(firing).toContainText(`local/${poison}`);
  await expect(firing).toContainText("1 message");
  await expect(firing.getByRole("link", { name: `local/${poison}` })).toHaveAttribute(
    "href",
    `/accounts/local/queues/${poison}`,
  );
  await expect(
    page
      .getByRole("table", { name: /Alert transitions/ })
      .getByRole("row")
      .filter({ hasText: poison }),
  ).toContainText("delivered");

  await page.setViewportSize({ width: 390, height: 900 });
  await page.screenshot({ path: `${SHOTS}/alerts-390-light.png`, fullPage: true });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await page.screenshot({ path: `${SHOTS}/alerts-390-dark.png`, fullPage: true });
  await page.getByRole("button", { name: "New rule" }).click();
  await page.getByRole("dialog", { name: "New alert rule" }).getByLabel("Condition").selectOption("depth_above");
  await page.screenshot({ path: `${SHOTS}/rule-dialog-390-dark.png` });
  await page.getByRole("dialog", { name: "New alert rule" }).getByRole("button", { name: "Cancel" }).click();
  await page.emulateMedia({ colorScheme: "light" });
  await page.setViewportSize({ width: 1280, height: 900 });

  await row.getByRole("button", { name: `Edit ${name}` }).click();
  const edit = page.getByRole("dialog", { name: `Edit rule “${name}”` });
  await expect(edit.getByLabel("Webhook URL (optional)")).toHaveValue(receiver.url);
  await edit.getByRole("button", { name: "Cancel" }).click();

  await row.getByRole("button", { name: `Delete ${name}` }).click();
  const confirm = page.getByRole("dialog", { name: `Delete rule “${name}”?` });
  await confirm.getByRole("button", { name: `Delete “${name}”` }).click();
  await expect(confirm).toBeHidden();
  await expect(rules.getByRole("listitem").filter({ hasText: name })).toHaveCount(0);
  await expect(
    page.getByRole("list", { name: "Firing alerts" }).getByRole("listitem").filter({ hasText: name }),
  ).toHaveCount(0);
});

test("a webhook that answers 500 is shown failing on the page, with its rule's name", async ({
  page,
  app,
  storage,
}) => {
  const failing = await startWebhookReceiver("/workflows/abc/triggers/manual/paths/invoke");
  failing.answer(500);
  const queue = uniqueQueueName("e2efail");
  const poison = `${queue}-poison`;
  await storage.getQueueClient(poison).create();
  await storage.getQueueClient(poison).sendMessage("failed order");
  const name = `Failing hook ${queue}`;
  try {
    await page.goto("/alerts");
    await page.getByRole("button", { name: "New rule" }).click();
    const dialog = page.getByRole("dialog", { name: "New alert rule" });
    await dialog.getByLabel("Name").fill(name);
    await dialog.getByLabel("Queues").fill(poison);
    await dialog.getByLabel("For (seconds)").fill("0");
    await dialog.getByLabel("Webhook format").selectOption({ label: "Microsoft Teams (Workflows)" });
    await expect(dialog.getByText("Workflows, “Post to a channel when a webhook request is received”")).toBeVisible();
    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: `${SHOTS}/rule-dialog-workflows-390-light.png` });
    await page.setViewportSize({ width: 1280, height: 900 });
    await dialog.getByLabel("Webhook URL (optional)").fill(failing.url);
    await dialog.getByRole("button", { name: "Create rule" }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("alert").filter({ hasText: name })).toHaveCount(0);

    await publishRound(app, queue);
    expect(failing.received.length).toBeGreaterThanOrEqual(1);
    expect(failing.received[0]!.body).toMatchObject({
      type: "message",
      attachments: [expect.objectContaining({ contentType: "application/vnd.microsoft.card.adaptive" })],
    });

    await page.reload();
    const banner = page.getByRole("alert").filter({ hasText: name });
    await expect(banner).toBeVisible();
    await expect(banner.getByRole("heading")).toHaveText(/^(A webhook is failing|\d+ webhook deliveries are failing)$/);
    await expect(banner.getByRole("listitem").filter({ hasText: name })).toContainText(
      `firing for local/${poison}) → ${new URL(failing.url).origin}: answered 500 Internal Server Error`,
    );
    await page.setViewportSize({ width: 390, height: 900 });
    await page.screenshot({ path: `${SHOTS}/webhook-failing-390-light.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: "dark" });
    await page.screenshot({ path: `${SHOTS}/webhook-failing-390-dark.png`, fullPage: true });

    // The overview lists the same alert under its account, by rule name, queue and value.
    const overview = new OverviewPage(page);
    await overview.goto();
    const onOverview = overview.list("Local emulator", "Alerts firing").getByRole("listitem").filter({ hasText: name });
    await expect(onOverview).toContainText("1 message");
    await expect(onOverview.getByRole("link", { name: poison })).toHaveAttribute(
      "href",
      `/accounts/local/queues/${poison}`,
    );
    await overview
      .list("Local emulator", "Alerts firing")
      .screenshot({ path: `${SHOTS}/overview-firing-390-dark.png` });
    await page.emulateMedia({ colorScheme: "light" });
    await overview
      .list("Local emulator", "Alerts firing")
      .screenshot({ path: `${SHOTS}/overview-firing-390-light.png` });
  } finally {
    // The shared instance's page shows a failing webhook until its rule is gone.
    const listed = await page.request.get("/api/alerts/rules");
    const { rules } = (await listed.json()) as { rules: { id: string; name: string }[] };
    for (const r of rules.filter((x) => x.name === name))
      await page.request.delete(`/api/alerts/rules/${r.id}`, { headers: { origin: app.url } });
    await failing.close();
  }
});

test("a viewer sees what is firing and the history, but no rules, and cannot create one", async ({ browser }) => {
  const instance = await startWithUsers({ users: [USERS.admin, USERS.viewer] });
  try {
    const endpoint = await queueEndpointAs(instance.url, USERS.admin);
    const poison = `${uniqueQueueName("e2eview")}-poison`;
    await emulatorService(endpoint).getQueueClient(poison).create();
    await emulatorService(endpoint).getQueueClient(poison).sendMessage("dead letter");
    const created = await fetch(`${instance.url}/api/alerts/rules`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: instance.url,
        cookie: await apiSignIn(instance.url, USERS.admin),
      },
      body: JSON.stringify({
        name: "Poison for viewers",
        account: "local",
        queuePattern: "*-poison",
        condition: "not_empty",
        forSeconds: 0,
        webhookUrl: `${receiver.url}?token=viewer-must-not-see`,
      }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    await publishRound(instance, poison, endpoint);

    await withFreshPage(browser, async (page) => {
      await signIn(page, instance.url, USERS.viewer, "/alerts");
      await expect(page.getByRole("heading", { name: "Alerts", level: 1 })).toBeVisible();
      await expect(
        page
          .getByRole("list", { name: "Firing alerts" })
          .getByRole("listitem")
          .filter({ hasText: "Poison for viewers" }),
      ).toContainText(`local/${poison}`);
      await expect(
        page
          .getByRole("table", { name: /Alert transitions/ })
          .getByRole("row")
          .filter({ hasText: poison }),
      ).toContainText("firing");
      await expect(page.getByRole("heading", { name: "Rules" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: "New rule" })).toHaveCount(0);
      expect(await page.content()).not.toContain("viewer-must-not-see");
      const refused = await page.evaluate(async () => {
        const res = await fetch("/api/alerts/rules", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            name: "x",
            account: "local",
            queuePattern: "*",
            condition: "not_empty",
            forSeconds: 0,
          }),
        });
        return { status: res.status, code: ((await res.json()) as { error?: { code?: string } }).error?.code };
      });
      expect(refused).toEqual({ status: 403, code: "forbidden" });
      await page.setViewportSize({ width: 390, height: 800 });
      await page.screenshot({ path: `${SHOTS}/alerts-viewer-390.png`, fullPage: true });
    });
  } finally {
    await instance.stop();
  }
});
