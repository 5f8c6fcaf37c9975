import { describe, expect, it } from "vitest";
import { moveMessages } from "@/lib/jobs/move";
import { fakeQueues } from "../support/fake-queues";

const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 4));

describe("a move that reads ahead", () => {
  it("sends each message exactly once with slow, uneven calls, and its checkpoints hold every message before it is sent", async () => {
    const q = fakeQueues(Array.from({ length: 600 }, (_, i) => `m ${i}`));
    const { receive, send, remove } = q.io;
    const held = new Map<number, Set<string>>();
    const sentIds: string[] = [];
    const idOf = new Map([...q.source.entries()].map(([id, m]) => [m.text, id]));
    const result = await moveMessages(
      {
        receive: async (c, v) => (await jitter(), receive(c, v)),
        send: async (t, ttl) => {
          // Sent only after a checkpoint of its worker listed it.
          const id = idOf.get(t)!;
          expect([...held.values()].some((ids) => ids.has(id))).toBe(true);
          sentIds.push(id);
          await jitter();
          return send(t, ttl);
        },
        remove: async (id, r) => (await jitter(), remove(id, r)),
      },
      {
        signal: new AbortController().signal,
        onProgress: () => {},
        onHold: async (worker, ids) => {
          await jitter();
          held.set(worker, new Set(ids));
        },
      },
    );
    expect(result).toMatchObject({ moved: 600, duplicated: 0, uncertain: 0 });
    expect(q.target).toHaveLength(600);
    expect(new Set(sentIds).size).toBe(600);
    expect(q.source.size).toBe(0);
  });

  it("a cancel makes what it read ahead visible again at once", async () => {
    const q = fakeQueues(Array.from({ length: 400 }, (_, i) => `m ${i}`));
    const controller = new AbortController();
    const { send } = q.io;
    const result = await moveMessages(
      {
        ...q.io,
        send: async (t, ttl) => {
          await jitter();
          await send(t, ttl);
          if (q.target.length >= 100) controller.abort();
        },
      },
      { signal: controller.signal, onProgress: () => {} },
    );
    expect(q.target.length).toBe(result.moved);
    expect(q.source.size + result.moved).toBe(400);
    // Only messages of batches whose sends had begun stay hidden; the batches read ahead are visible.
    const hidden = [...q.source.values()].filter((m) => m.visibleAt > Date.now()).length;
    expect(hidden).toBeLessThanOrEqual(4 * 32);
  });
});
