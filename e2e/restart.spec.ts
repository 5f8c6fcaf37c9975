import { expect, test } from "@playwright/test";
import { startQueuescope, tempDir } from "./support/queuescope";
import { emulatorService, queueEndpointOf } from "./support/storage";

test("a move running when the server stops shows as interrupted after the restart, with its counts", async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = tempDir("restart");
  let app = await startQueuescope({ dataDir });
  try {
    const storage = emulatorService(await queueEndpointOf(app.url, "local"));
    const source = storage.getQueueClient("restart-source");
    const target = storage.getQueueClient("restart-target");
    await source.create();
    await target.create();
    await Promise.all(Array.from({ length: 200 }, (_, i) => source.sendMessage(`r${i}`)));

    const res = await fetch(`${app.url}/api/accounts/local/queues/restart-source/move`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify({ to: "restart-target", ratePerSecond: 20 }),
    });
    expect(res.status).toBe(202);
    const { job } = await res.json();
    await expect.poll(async () => (await (await fetch(`${app.url}/api/jobs/${job.id}`)).json()).processed, { timeout: 15_000 }).toBeGreaterThan(10);

    await app.stop();
    app = await startQueuescope({ dataDir });

    const after = await (await fetch(`${app.url}/api/jobs/${job.id}`)).json();
    expect(after.state).toBe("interrupted");
    expect(after.processed).toBeGreaterThan(10);
    await page.goto(`${app.url}/jobs`);
    const card = page.getByRole("main").getByRole("article", { name: "Move from restart-source to restart-target" });
    await expect(card).toContainText("interrupted");
    await expect(card).toContainText("The server restarted while this job ran.");

    // Nothing was lost: every message is in the target, or (visible or not) in the source.
    const storageAfter = emulatorService(await queueEndpointOf(app.url, "local"));
    const inTarget = (await storageAfter.getQueueClient("restart-target").getProperties()).approximateMessagesCount ?? 0;
    const inSource = (await storageAfter.getQueueClient("restart-source").getProperties()).approximateMessagesCount ?? 0;
    expect(inTarget + inSource).toBeGreaterThanOrEqual(200);
  } finally {
    await app.stop();
  }
});
