// Metadata another tool wrote: names the Azure SDK's XML parser refuses ("constructor",
// "prototype") or renames ("toString" → "__toString"). The listing still answers, shows every
// queue and its metadata as stored; the dashboard refuses to write such names itself.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listQueues, POST as createQueue } from "@/app/api/accounts/[account]/queues/route";
import { PUT as putMetadata } from "@/app/api/accounts/[account]/queues/[queue]/metadata/route";
import type { QueueListingEvent } from "@/lib/validation/queues";
import { call, emulatorService, uniquePrefix, useEnv } from "../support/api";

const prefix = uniquePrefix("foreignmeta");
const plain = `${prefix}-a`;
const hostile = `${prefix}-b`;
const renamed = `${prefix}-c`;
const genuine = `${prefix}-d`;
const after = `${prefix}-e`;
// JSON.parse makes own properties of every name; an object literal would not.
const HOSTILE = JSON.parse(
  '{"constructor":"c1","prototype":"p1","toString":"t1","Owner":"Team &amp; <ops>"}',
) as Record<string, string>;
const expected: Record<string, Record<string, string>> = {
  [plain]: { team: "ops" },
  [hostile]: { constructor: "c1", prototype: "p1", toString: "t1", Owner: "Team &amp; <ops>" },
  [renamed]: { toString: "t2", valueOf: "v2" },
  [genuine]: { __valueOf: "really" },
  [after]: {},
};

beforeAll(async () => {
  useEnv({});
  const service = emulatorService();
  await service.getQueueClient(plain).create({ metadata: { team: "ops" } });
  await service.getQueueClient(hostile).create({ metadata: HOSTILE });
  await service.getQueueClient(renamed).create({ metadata: JSON.parse('{"toString":"t2","valueOf":"v2"}') });
  await service.getQueueClient(genuine).create({ metadata: { __valueOf: "really" } });
  await service.getQueueClient(after).create();
});

describe("a queue whose metadata the SDK cannot read", () => {
  it("is listed with the others, its metadata as stored", async () => {
    const res = await call(listQueues, { params: { account: "local" }, query: { prefix, counts: "1" } });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(
      Object.fromEntries(res.json.queues.map((q: { name: string; metadata: object }) => [q.name, q.metadata])),
    ).toEqual(expected);
    expect(res.json.queues.every((q: { approximateMessagesCount?: number }) => q.approximateMessagesCount === 0)).toBe(
      true,
    );
  });

  it("pages past it with the cursor", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await call(listQueues, { params: { account: "local" }, query: { prefix, pageSize: "1", cursor } });
      expect(res.status, res.text.slice(0, 300)).toBe(200);
      seen.push(...res.json.queues.map((q: { name: string }) => q.name));
      cursor = res.json.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(Object.keys(expected));
  });

  it("does not end the streamed listing in an error", async () => {
    const res = await call(listQueues, { params: { account: "local" }, query: { prefix, stream: "1" } });
    const events = res.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as QueueListingEvent);
    expect(events.at(-1)).toEqual({ type: "done", total: 5 });
    const listed = events.flatMap((e) => (e.type === "queues" ? e.queues : []));
    expect(Object.fromEntries(listed.map((q) => [q.name, q.metadata]))).toEqual(expected);
  });
});

describe("writing metadata the SDK could not read back", () => {
  it.each([
    "constructor",
    "prototype",
    "toString",
    "ToString",
    "valueOf",
    "hasOwnProperty",
    "__toString",
    "__defineGetter__",
  ])("refuses %s on create and on replace, saying why", async (name) => {
    const metadata = JSON.parse(`{${JSON.stringify(name)}:"x"}`) as Record<string, string>;
    const created = await call(createQueue, {
      method: "POST",
      params: { account: "local" },
      body: { name: `${prefix}-new`, metadata },
    });
    const replaced = await call(putMetadata, {
      method: "PUT",
      params: { account: "local", queue: plain },
      body: { metadata },
    });
    for (const res of [created, replaced]) {
      expect(res.status).toBe(400);
      expect(res.json.error.code).toBe("validation_failed");
      expect(res.json.error.message).toContain("cannot read it back");
    }
    expect((await emulatorService().getQueueClient(plain).getProperties()).metadata).toEqual({ team: "ops" });
    expect(await emulatorService().getQueueClient(`${prefix}-new`).exists()).toBe(false);
  });
});
