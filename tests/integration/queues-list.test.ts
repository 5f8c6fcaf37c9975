import { beforeAll, describe, expect, it } from "vitest";
import { GET as listQueues } from "@/app/api/accounts/[account]/queues/route";
import { call, emulatorService, uniquePrefix, useEnv } from "../support/api";

const prefix = uniquePrefix("list");
const names = ["a", "b", "c", "d", "e"].map((s) => `${prefix}-${s}`);
const counts = [0, 1, 2, 3, 4];

beforeAll(async () => {
  useEnv({});
  const service = emulatorService();
  await Promise.all(
    names.map(async (name, i) => {
      const q = service.getQueueClient(name);
      await q.create({ metadata: i === 0 ? { team: "ops", env: "test" } : undefined });
      for (let m = 0; m < counts[i]!; m++) await q.sendMessage(`message ${m}`);
    }),
  );
});

describe("GET /api/accounts/{a}/queues", () => {
  it("lists queues with metadata and approximate counts", async () => {
    const res = await call(listQueues, { params: { account: "local" }, query: { prefix, counts: "1" } });
    expect(res.status).toBe(200);
    expect(res.json.nextCursor).toBeNull();
    expect(res.json.queues).toEqual(
      names.map((name, i) => ({
        name,
        metadata: i === 0 ? { team: "ops", env: "test" } : {},
        approximateMessagesCount: counts[i],
      })),
    );
  });

  it("leaves counts out unless asked", async () => {
    const res = await call(listQueues, { params: { account: "local" }, query: { prefix } });
    expect(res.json.queues.map((q: { name: string }) => q.name)).toEqual(names);
    expect(res.json.queues.every((q: object) => !("approximateMessagesCount" in q))).toBe(true);
  });

  it("pages with pageSize and cursor until every queue is seen once", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await call(listQueues, {
        params: { account: "local" },
        query: { prefix, pageSize: "2", ...(cursor ? { cursor } : {}) },
      });
      expect(res.status).toBe(200);
      expect(res.json.queues.length).toBeLessThanOrEqual(2);
      seen.push(...res.json.queues.map((q: { name: string }) => q.name));
      cursor = res.json.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(names);
    expect(pages).toBe(3);
  });

  it("returns an empty list for a prefix nothing matches", async () => {
    const res = await call(listQueues, {
      params: { account: "local" },
      query: { prefix: `${prefix}-zzz`, counts: "1" },
    });
    expect(res.json).toEqual({ queues: [], nextCursor: null });
  });

  it("answers 404 account_not_found for an unknown account", async () => {
    const res = await call(listQueues, { params: { account: "nope" } });
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("account_not_found");
  });

  it.each([{ pageSize: "0" }, { pageSize: "many" }, { counts: "maybe" }, { prefix: "Bad_Prefix" }, { unknown: "1" }])(
    "answers 400 validation_failed for %j",
    async (query) => {
      const res = await call(listQueues, { params: { account: "local" }, query });
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("validation_failed");
      expect(res.json.error.details.issues.length).toBeGreaterThan(0);
    },
  );
});
