// The shared instance as the baseURL, plus page objects and direct emulator access.
import { test as base, expect } from "@playwright/test";
import type { QueueServiceClient } from "@azure/storage-queue";
import { AppShell, QueuesPage } from "./pages";
import { startQueuescope } from "./queuescope";
import { sharedInstance, type SharedInstance } from "./shared";
import { emulatorService, queueEndpointOf } from "./storage";

interface TestFixtures {
  queuesPage: QueuesPage;
  shell: AppShell;
}

interface WorkerFixtures {
  /** The Queuescope the global setup started: embedded Azurite, seeded demo queues. */
  app: SharedInstance;
  /** The shared instance's emulator, for arranging data behind the dashboard's back. */
  storage: QueueServiceClient;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  app: [async ({}, provide) => provide(sharedInstance()), { scope: "worker" }],
  storage: [
    async ({ app }, provide) => provide(emulatorService(await queueEndpointOf(app.url, "local"))),
    { scope: "worker" },
  ],
  baseURL: async ({ app }, provide) => provide(app.url),
  queuesPage: async ({ page }, provide) => provide(new QueuesPage(page)),
  shell: async ({ page }, provide) => provide(new AppShell(page)),
});

/**
 * The same fixtures on a freshly seeded Queuescope of the worker's own, for exact assertions
 * (queue totals, counts) that queues other specs create in the shared account would disturb.
 */
export const isolatedTest = test.extend<object, Pick<WorkerFixtures, "app">>({
  app: [
    async ({}, provide) => {
      const instance = await startQueuescope();
      try {
        await provide(instance);
      } finally {
        await instance.stop();
      }
    },
    { scope: "worker", timeout: 150_000 },
  ],
});

export { expect };

/** Where the specs leave screenshots for a human to look at. */
export const SCREENSHOTS = "test-results/screenshots";
