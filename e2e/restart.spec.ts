import { expect, test } from "@playwright/test";
import { startQueuescope, tempDir } from "./support/queuescope";
import { emulatorService, queueEndpointOf } from "./support/storage";

test("a move running when the server restarts is resumed by the restarted server and loses nothing", async ({
  page,
}) => {
  test.setTimeout(180_000);
  const dataDir = tempDir("restart");
  let app = await startQueuescope({ dataDir });
  try {
    const storage = emulatorService(await queueEndpointOf(app.url, "local"));
    const source = storage.getQueueClient("restart-source");
    const target = storage.getQueueClient("restart-target");
    await source.create();
    await target.create();
    const texts = Array.from({ length: 200 }, (_, i) => `r${i}`);
    await Promise.all(texts.map((t) => source.sendMessage(t)));

    const res = await fetch(`${app.url}/api/accounts/local/queues/restart-source/move`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify({ to: "restart-target", ratePerSecond: 20 }),
    });
    expect(res.status).toBe(202);
    const { job } = await res.json();
    await expect
      .poll(async () => (await (await fetch(`${app.url}/api/jobs/${job.id}`)).json()).processed, { timeout: 15_000 })
      .toBeGreaterThan(10);

    await app.stop();
    app = await startQueuescope({ dataDir });
    const restarted = Date.now();

    // The restarted server adopts the job and finishes it. The stopped one released what it held
    // and said so in its checkpoints, so nothing is waited for: the paced batches' visibility
    // (67 s at 20/s) would otherwise have to pass first.
    await expect
      .poll(async () => (await (await fetch(`${app.url}/api/jobs/${job.id}`)).json()).state, {
        timeout: 120_000,
        intervals: [1_000],
      })
      .toBe("succeeded");
    expect((Date.now() - restarted) / 1000).toBeLessThan(45);
    const after = await (await fetch(`${app.url}/api/jobs/${job.id}`)).json();
    expect(after.adoptions).toBeGreaterThanOrEqual(1);
    await page.goto(`${app.url}/jobs`);
    const card = page.getByRole("main").getByRole("article", { name: "Move from restart-source to restart-target" });
    await expect(card).toContainText("succeeded");
    await expect(card).toContainText("Taken over after its instance stopped");

    // Nothing was lost: every original is in the target; extra copies only as counted duplicates.
    const storageAfter = emulatorService(await queueEndpointOf(app.url, "local"));
    const moved: string[] = [];
    for (;;) {
      const batch = (
        await storageAfter
          .getQueueClient("restart-target")
          .receiveMessages({ numberOfMessages: 32, visibilityTimeout: 300 })
      ).receivedMessageItems;
      if (!batch.length) break;
      moved.push(...batch.map((m) => m.messageText));
    }
    expect([...new Set(moved)].sort()).toEqual([...texts].sort());
    expect(moved.length - texts.length).toBeLessThanOrEqual(after.duplicated);
    expect((await storageAfter.getQueueClient("restart-source").getProperties()).approximateMessagesCount).toBe(0);
  } finally {
    await app.stop();
  }
});
