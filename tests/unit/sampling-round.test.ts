// The sampling pass over a faked queue service: a few failing queues are reported and left out,
// more than 1 % (at least 3) give up the round with the first error.
import { describe, expect, it, vi } from "vitest";

const failing = new Set<string>();
const names = Array.from({ length: 200 }, (_, i) => `q-${i}`);

vi.mock("@/lib/azure/clients", () => ({
  getServiceClient: () => ({
    listQueues: () => ({
      byPage: () => ({
        next: async () => ({ value: { queueItems: names.map((name) => ({ name })), continuationToken: "" } }),
      }),
    }),
    getQueueClient: (name: string) => ({
      getProperties: async () => {
        if (failing.has(name)) throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
        if (name === "q-7")
          throw Object.assign(new Error("gone"), { statusCode: 404, details: { errorCode: "QueueNotFound" } });
        return { approximateMessagesCount: name === "q-1" ? 2 : 0 };
      },
      peekMessages: async () => ({ peekedMessageItems: [{ insertedOn: new Date("2026-01-01T00:00:00Z") }] }),
    }),
  }),
}));

const { sampleAccountQueues } = await import("@/lib/azure/sampling");
const account = { id: "fake" } as Parameters<typeof sampleAccountQueues>[0];
const at = new Date("2026-01-01T00:01:40Z");

describe("sampleAccountQueues", () => {
  it("reads counts and the oldest age, skips a queue deleted meanwhile, and reports a failing one", async () => {
    failing.clear();
    failing.add("q-3");
    const res = await sampleAccountQueues(account, { concurrency: 8, at });
    expect(res.failed).toEqual(["q-3"]);
    expect(res.queues).toHaveLength(198);
    expect(res.queues.find((q) => q.name === "q-1")).toEqual({ name: "q-1", count: 2, oldestAgeSeconds: 100 });
    expect(res.queues.find((q) => q.name === "q-2")).toEqual({ name: "q-2", count: 0, oldestAgeSeconds: null });
    expect(res.calls).toEqual({ listPages: 1, properties: 200, peeks: 1 });
  });

  it("gives the round up when more than the budget fails", async () => {
    failing.clear();
    for (const n of names.slice(100, 110)) failing.add(n);
    await expect(sampleAccountQueues(account, { concurrency: 8, at })).rejects.toMatchObject({
      code: "storage_unreachable",
    });
  });
});
