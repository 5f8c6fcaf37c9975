// An instance of its own, because this spec kills its emulator.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { expect, SCREENSHOTS, test } from "./support/fixtures";
import { QueuesPage } from "./support/pages";
import { isAlive, startQueuescope, type QueuescopeInstance } from "./support/queuescope";

let instance: QueuescopeInstance | undefined;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  mkdirSync(SCREENSHOTS, { recursive: true });
  instance = await startQueuescope();
});

test.afterAll(async () => {
  await instance?.stop();
});

test("when the embedded Azurite dies, the dashboard says so instead of hanging", async ({ page, request }) => {
  test.setTimeout(90_000);
  const { url, lock } = instance!;
  const queues = new QueuesPage(page, url);

  await test.step("the queue table works while Azurite runs", async () => {
    await queues.goto();
    await expect(queues.countCell("orders")).toHaveText("12");
    await expect(queues.shell.unreachableBanner).toHaveCount(0);
  });

  await test.step("kill Azurite", async () => {
    const { azuritePid } = lock();
    expect(azuritePid, "lock file names the Azurite pid").toBeGreaterThan(0);
    process.kill(azuritePid!, "SIGKILL");
    await expect.poll(() => isAlive(azuritePid)).toBe(false);
  });

  await test.step("after a reload: a banner, and an error state with a way to retry", async () => {
    await page.reload();
    await expect(queues.shell.unreachableBanner).toBeVisible({ timeout: 15_000 });
    await expect(queues.shell.unreachableBanner).toContainText("Storage account “Local emulator” is unreachable");
    await expect(queues.shell.unreachableBanner).toContainText("Restart Queuescope with npm start");
    await expect(queues.listError).toBeVisible({ timeout: 15_000 });
    await expect(queues.tryAgainButton).toBeVisible();
    await expect(queues.table).toHaveCount(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, "unreachable-banner.png"), fullPage: true });

    await queues.tryAgainButton.click();
    await expect(queues.listError).toBeVisible({ timeout: 15_000 });
    await queues.shell.unreachableBanner.getByRole("button", { name: "Check now" }).click();
    await expect(queues.shell.unreachableBanner).toBeVisible({ timeout: 15_000 });
    await expect(queues.listError).toBeVisible({ timeout: 15_000 });
  });

  await test.step("the API reports it too", async () => {
    const health = await request.get(`${url}/api/health`, { timeout: 15_000 });
    expect(health.status()).toBe(200);
    const report = (await health.json()) as { status: string; accounts: { id: string; reachable: boolean }[] };
    expect(report.status).toBe("degraded");
    expect(report.accounts).toContainEqual(expect.objectContaining({ id: "local", reachable: false }));

    const listing = await request.get(`${url}/api/accounts/local/queues`, { timeout: 15_000 });
    expect(listing.status()).toBe(503);
    expect(((await listing.json()) as { error: { code: string } }).error.code).toBe("storage_unreachable");
  });

  await test.step("the dashboard itself stays up", async () => {
    expect(isAlive(lock().nextPid)).toBe(true);
    expect(instance!.output()).toContain("the embedded Azurite stopped");
  });
});
