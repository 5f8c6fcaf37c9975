import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as moveRoute } from "@/app/api/accounts/[account]/queues/[queue]/move/route";
import { POST as bulkRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/bulk/route";
import { DELETE as clearRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/route";
import { GET as jobRoute } from "@/app/api/jobs/[id]/route";
import { jobSettled, resetJobRuntime } from "@/lib/jobs/runner";
import { mapLimit } from "@/lib/util/map-limit";
import { call, emulatorService, uniquePrefix, useEnv } from "../support/api";

const prefix = uniquePrefix("bg");
let n = 0;
async function queue(count = 0) {
  const q = emulatorService().getQueueClient(`${prefix}-${n++}`);
  await q.create();
  await mapLimit(
    Array.from({ length: count }, (_, i) => i),
    16,
    (i) => q.sendMessage(`m${i}`),
  );
  return q;
}
const params = (name: string) => ({ account: "local", queue: name });
const settle = async (id: string) => {
  await jobSettled(id);
  return (await call(jobRoute, { params: { id } })).json;
};

beforeAll(() => {
  useEnv({ QUEUESCOPE_DATA_DIR: mkdtempSync(path.join(tmpdir(), "qs-bg-")) });
  resetJobRuntime();
});

describe("clear as a job", () => {
  it("empties the queue and reports what it cleared", async () => {
    const q = await queue(60);
    const res = await call(clearRoute, { method: "DELETE", params: params(q.name), query: { job: "1" } });
    expect(res.status).toBe(202);
    expect(res.json.job).toMatchObject({ kind: "clear", source: q.name, total: 60 });
    expect(await settle(res.json.job.id)).toMatchObject({ state: "succeeded", processed: 60 });
    expect((await q.getProperties()).approximateMessagesCount).toBe(0);
  });

  it("refuses a second job on the same queue while one runs", async () => {
    const q = await queue(100);
    const target = await queue();
    const move = await call(moveRoute, {
      method: "POST",
      params: params(q.name),
      body: { to: target.name, ratePerSecond: 20 },
    });
    const clear = await call(clearRoute, { method: "DELETE", params: params(q.name), query: { job: "1" } });
    expect(clear.status).toBe(409);
    expect(clear.json.error.details.jobId).toBe(move.json.job.id);
    await call((await import("@/app/api/jobs/[id]/route")).DELETE, {
      method: "DELETE",
      params: { id: move.json.job.id },
    });
    await jobSettled(move.json.job.id);
  });
});

describe("bulk send as a job", () => {
  it("sends every message, encoding as asked, and counts the ones too large to send", async () => {
    const q = await queue();
    const messages = [...Array.from({ length: 40 }, (_, i) => `bulk ${i} ✓`), "x".repeat(70_000)];
    const res = await call(bulkRoute, {
      method: "POST",
      params: params(q.name),
      body: { messages, encoding: "base64" },
    });
    expect(res.status).toBe(202);
    expect(await settle(res.json.job.id)).toMatchObject({
      kind: "send",
      state: "partial",
      processed: 40,
      failed: 1,
      total: 41,
      note: expect.stringMatching(/over 64 KiB/),
    });
    const peeked = (await q.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) =>
      Buffer.from(m.messageText, "base64").toString(),
    );
    expect(peeked.every((t) => /^bulk \d+ ✓$/.test(t))).toBe(true);
    expect((await q.getProperties()).approximateMessagesCount).toBe(40);
  });

  it.each([
    { messages: [] },
    { messages: "nope" },
    { messages: ["a"], encoding: "hex" },
    { messages: ["a"], timeToLive: 0 },
  ])("refuses %j", async (body) => {
    const q = await queue();
    const res = await call(bulkRoute, { method: "POST", params: params(q.name), body });
    expect(res.status).toBe(400);
    expect((await q.getProperties()).approximateMessagesCount).toBe(0);
  });
});

describe("move selected messages", () => {
  it("moves exactly the picked messages with the receipts they were received with", async () => {
    const source = await queue(10);
    const target = await queue();
    const received = (await source.receiveMessages({ numberOfMessages: 10, visibilityTimeout: 60 }))
      .receivedMessageItems;
    const picked = received
      .filter((_, i) => i % 2 === 0)
      .map((m) => ({ id: m.messageId, popReceipt: m.popReceipt, text: m.messageText }));
    const res = await call(moveRoute, {
      method: "POST",
      params: params(source.name),
      body: { to: target.name, messages: picked },
    });
    expect(res.json.job.total).toBe(5);
    expect(await settle(res.json.job.id)).toMatchObject({ state: "succeeded", processed: 5, duplicated: 0 });
    const moved = (await target.peekMessages({ numberOfMessages: 32 })).peekedMessageItems
      .map((m) => m.messageText)
      .sort();
    expect(moved).toEqual(picked.map((m) => m.text).sort());
    expect((await source.getProperties()).approximateMessagesCount).toBe(5);
  });

  it("counts a picked message whose receipt went stale as failed, and leaves it in the source", async () => {
    const source = await queue(1);
    const target = await queue();
    const [m] = (await source.receiveMessages({ numberOfMessages: 1, visibilityTimeout: 1 })).receivedMessageItems;
    await new Promise((r) => setTimeout(r, 1500));
    await source.receiveMessages({ numberOfMessages: 1, visibilityTimeout: 60 }); // another consumer takes it
    const res = await call(moveRoute, {
      method: "POST",
      params: params(source.name),
      body: { to: target.name, messages: [{ id: m!.messageId, popReceipt: m!.popReceipt, text: m!.messageText }] },
    });
    expect(await settle(res.json.job.id)).toMatchObject({ state: "partial", processed: 0, failed: 1, duplicated: 0 });
    expect((await source.getProperties()).approximateMessagesCount).toBe(1);
  });
});

describe("export all as a job", () => {
  it("writes every message (past 32) once to NDJSON, with raw and decoded text", async () => {
    const { POST: exportRoute } = await import("@/app/api/accounts/[account]/queues/[queue]/export/route");
    const { GET: downloadRoute } = await import("@/app/api/jobs/[id]/download/route");
    const q = await queue();
    await mapLimit(
      Array.from({ length: 50 }, (_, i) => i),
      16,
      (i) => q.sendMessage(Buffer.from(`{"n":${i}}`).toString("base64")),
    );
    const res = await call(exportRoute, { method: "POST", params: params(q.name), body: { visibilityTimeout: 60 } });
    expect(res.status).toBe(202);
    const job = await settle(res.json.job.id);
    expect(job).toMatchObject({
      kind: "export",
      state: "succeeded",
      processed: 50,
      download: `/api/jobs/${job.id}/download`,
    });

    const file = await call(downloadRoute, { params: { id: job.id } });
    expect(file.status).toBe(200);
    const records = file.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(50);
    expect(new Set(records.map((r) => r.id)).size).toBe(50);
    expect(records.map((r) => JSON.parse(r.decodedText).n).sort((a: number, b: number) => a - b)).toEqual(
      Array.from({ length: 50 }, (_, i) => i),
    );
    expect(records[0]).toMatchObject({ encoding: "base64", format: "json", dequeueCount: 1 });
    // Nothing was deleted: the messages are only hidden until the timeout.
    expect((await q.getProperties()).approximateMessagesCount).toBe(50);
  });

  it("refuses downloads of unknown or non-export jobs", async () => {
    const { GET: downloadRoute } = await import("@/app/api/jobs/[id]/download/route");
    expect(
      (await call(downloadRoute, { params: { id: "00000000-0000-0000-0000-000000000000" } })).json.error.code,
    ).toBe("job_not_found");
    expect((await call(downloadRoute, { params: { id: "../../jobs.json" } })).json.error.code).toBe("job_not_found");
    const q = await queue(3);
    const clear = await call(clearRoute, { method: "DELETE", params: params(q.name), query: { job: "1" } });
    await settle(clear.json.job.id);
    expect((await call(downloadRoute, { params: { id: clear.json.job.id } })).json.error.code).toBe("not_found");
  });
});
