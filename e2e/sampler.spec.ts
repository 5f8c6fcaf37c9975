// The sampler on real servers: two instances on one state store elect one sampler per account,
// kill -9 of it moves sampling to the other within a lease period; the queue page no longer
// lists the account while the Move dialog is closed; the settings page shows what sampling costs.
import { expect, test } from "./support/fixtures";
import { QueuePage } from "./support/queue-page";
import { startQueuescope, type QueuescopeInstance } from "./support/queuescope";
import { WholeQueue } from "./support/whole-queue";
import {
  EMULATOR_ACCOUNT_KEY,
  EMULATOR_ACCOUNT_NAME,
  emulatorService,
  startBareAzurite,
  uniqueQueueName,
} from "./support/storage";
import type { AzuriteProcess } from "../scripts/lib/azurite";

/** Blob Storage's shortest lease: a follower takes over sooner, by the same mechanism. */
const LEASE_SECONDS = 15;

interface Snapshot {
  sampledAt: string | null;
  sampledBy: string | null;
  queues: { name: string; count: number }[];
}

test.describe("two instances on one state store", () => {
  test.describe.configure({ mode: "serial" });
  let azurite: AzuriteProcess;
  let a: QueuescopeInstance;
  let b: QueuescopeInstance;
  const ACCOUNT = EMULATOR_ACCOUNT_NAME.toLowerCase();

  const snapshot = async (i: QueuescopeInstance): Promise<Snapshot> =>
    (await (await fetch(`${i.url}/api/accounts/${ACCOUNT}/snapshot`)).json()) as Snapshot;
  const pidOf = (by: string | null) => Number(by?.split(":").at(-1));

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    azurite = await startBareAzurite();
    const env = {
      AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=http;AccountName=${EMULATOR_ACCOUNT_NAME};AccountKey=${EMULATOR_ACCOUNT_KEY};QueueEndpoint=${azurite.accountUrl};`,
      QUEUESCOPE_STATE_CONNECTION_STRING: azurite.stateConnectionString,
      QUEUESCOPE_SAMPLE_INTERVAL: "5",
      QUEUESCOPE_LEASE_SECONDS: String(LEASE_SECONDS),
    };
    [a, b] = await Promise.all([startQueuescope({ env }), startQueuescope({ env })]);
  });

  test.afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await azurite?.stop();
  });

  test("only one samples the account, and kill -9 of it moves sampling to the other within a lease period", async () => {
    test.setTimeout(180_000);
    const name = uniqueQueueName("e2e-sampled");
    const q = emulatorService(azurite.accountUrl).getQueueClient(name);
    await q.create();
    await q.sendMessage("one");
    await expect
      .poll(async () => (await snapshot(b)).queues.find((x) => x.name === name)?.count, { timeout: 30_000 })
      .toBe(1);

    // Over several rounds every snapshot, through either instance, was taken by the same leader.
    const leaders = new Set<string>();
    const rounds = new Set<string>();
    const until = Date.now() + 16_000;
    while (Date.now() < until) {
      for (const i of [a, b]) {
        const s = await snapshot(i);
        leaders.add(s.sampledBy!);
        rounds.add(s.sampledAt!);
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(rounds.size).toBeGreaterThanOrEqual(3);
    expect(leaders.size).toBe(1);
    const pids = { a: a.lock().nextPid!, b: b.lock().nextPid! };
    const leaderPid = pidOf([...leaders][0]!);
    expect([pids.a, pids.b]).toContain(leaderPid);
    const [leader, follower] = leaderPid === pids.a ? [a, b] : [b, a];
    expect(`${leader.output()}`).toMatch(/sampler for account .*: leading on/);
    expect(`${follower.output()}`).not.toMatch(/sampler for account .*: leading on/);

    process.kill(leaderPid, "SIGKILL");
    const killedAt = Date.now();
    await q.sendMessage("two");
    await expect
      .poll(
        async () => {
          const s = await snapshot(follower);
          return pidOf(s.sampledBy) !== leaderPid && s.queues.find((x) => x.name === name)?.count === 2;
        },
        { timeout: 90_000, intervals: [500] },
      )
      .toBe(true);
    const movedAfter = (Date.now() - killedAt) / 1000;
    console.log(`sampling moved ${movedAfter.toFixed(1)} s after kill -9 (lease ${LEASE_SECONDS} s)`);
    // The lease runs out at most a lease period after the dead leader's last renewal; the follower
    // asks every 5 s, and its first round takes a few more.
    expect(movedAfter).toBeLessThan(LEASE_SECONDS + 10);
  });
});

test.describe("on the shared instance", () => {
  test("the queue page lists no queues and counts nothing while the Move dialog is closed", async ({
    page,
    storage,
  }) => {
    const source = storage.getQueueClient(uniqueQueueName("e2e-lazy"));
    const target = storage.getQueueClient(uniqueQueueName("e2e-lazy-target"));
    await source.create();
    await target.create();
    const listings: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname === "/api/accounts/local/queues") listings.push(url.search);
    });
    const queue = new QueuePage(page);
    await queue.goto(source.name);
    await queue.button("Send message…").click();
    const send = queue.dialog(`Send a message to “${source.name}”`);
    await send.getByRole("textbox", { name: "Message body" }).fill("hello");
    await send.getByRole("button", { name: "Send message" }).click();
    await expect(page.getByText(`Sent 1 message of 5 bytes to ${source.name}.`)).toBeVisible();
    await page.waitForLoadState("networkidle");
    expect(listings).toEqual([]);

    await queue.button("Move messages…").click();
    const dialog = queue.dialog(`Move messages from “${source.name}”`);
    await dialog.getByRole("combobox", { name: "Target queue" }).fill(target.name);
    expect(listings.length).toBeGreaterThanOrEqual(1);
    expect(listings.every((s) => !s.includes("counts"))).toBe(true);
  });

  test('"Move what matches" offers the account\'s queues by name, without counting each one', async ({
    page,
    storage,
  }) => {
    const source = storage.getQueueClient(uniqueQueueName("e2e-scanmv"));
    const target = storage.getQueueClient(uniqueQueueName("e2e-scanmv-to"));
    await source.create();
    await target.create();
    await source.sendMessage(JSON.stringify({ tenant: "acme" }));
    const listings: string[] = [];
    page.on("request", (r) => {
      const url = new URL(r.url());
      if (url.pathname === "/api/accounts/local/queues") listings.push(url.search);
    });
    const ui = new WholeQueue(page);
    await ui.goto(source.name);
    await ui.condition.fill('$.tenant == "acme"');
    await ui.button("Apply to the whole queue…").click();
    const dialog = ui.wholeQueueDialog(source.name);
    await dialog.getByRole("radio", { name: "Move what matches" }).check();
    await dialog.getByRole("combobox", { name: "Target queue" }).fill(target.name);
    await expect(dialog.locator(`datalist option[value="${target.name}"]`)).toHaveCount(1);
    await expect(dialog.locator(`datalist option[value="${source.name}"]`)).toHaveCount(0);
    await page.waitForLoadState("networkidle");
    expect(listings.length).toBeGreaterThanOrEqual(1);
    // A listing with counts asks the queue service once per queue of the account.
    expect(listings.filter((s) => s.includes("counts"))).toEqual([]);
  });

  test("the settings page says the account is sampled and what it costs a day", async ({ page }) => {
    await page.goto("/accounts/local/settings");
    const panel = page.getByRole("region", { name: "Depth sampling" });
    await expect(panel).toContainText("Yes, every 60 s");
    await expect(panel).toContainText(/about [\d,]+ storage transactions on this account/, { timeout: 70_000 });
  });
});
