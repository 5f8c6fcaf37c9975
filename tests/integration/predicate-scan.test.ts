import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { QueueClient } from "@azure/storage-queue";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as exportRoute } from "@/app/api/accounts/[account]/queues/[queue]/export/route";
import { POST as purgeRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/purge/route";
import { POST as moveRoute } from "@/app/api/accounts/[account]/queues/[queue]/move/route";
import { GET as downloadRoute } from "@/app/api/jobs/[id]/download/route";
import { DELETE as cancelRoute, GET as jobRoute } from "@/app/api/jobs/[id]/route";
import { adoptOrphans, jobSettled, resetJobEngine, stopLocalJobs } from "@/lib/jobs/runner";
import { mapLimit } from "@/lib/util/map-limit";
import { call, emulatorService, uniquePrefix, useEnv } from "../support/api";

const prefix = uniquePrefix("scan");
let n = 0;
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Seen {
  id: string;
  text: string;
  /** As a peek shows it. */
  dequeueCount: number;
  expiresOn: number;
}

/** Timeouts (base64, as Azure Functions writes them, and plain), other errors, text, and binary. */
function mixed(count: number, tag: string): string[] {
  return Array.from({ length: count }, (_, i) => {
    switch (i % 6) {
      case 0:
        return b64(JSON.stringify({ n: i, tag, error: "Timeout", customer: { id: i } }));
      case 1:
        return JSON.stringify({ n: i, tag, error: "Timeout" });
      case 2:
        return b64(JSON.stringify({ n: i, tag, error: "Refused" }));
      case 3:
        return `plain ${tag} ${i} Timeout in words`;
      case 4:
        return Buffer.from([0, 0x9f, 0x92, i & 0xff, 0xff, 1, 2, 3]).toString("base64");
      default:
        return `ünïcødé ${tag} ${i} 🚚`;
    }
  });
}

/** An independent reading of the ground truth: what `$.error == "Timeout"` means, decoded by hand. */
function isTimeout(text: string): boolean {
  const candidates = [text];
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(text) && text.length % 4 === 0)
    candidates.push(Buffer.from(text, "base64").toString("utf8"));
  return candidates.some((t) => {
    try {
      return (JSON.parse(t) as { error?: unknown }).error === "Timeout";
    } catch {
      return false;
    }
  });
}

/** A queue holding `texts`, after `raised` whose dequeue counts failing consumers raised `times` times. */
async function queueWith(
  texts: string[],
  raised: { texts: string[]; times: number } = { texts: [], times: 0 },
): Promise<QueueClient> {
  const q = emulatorService().getQueueClient(`${prefix}-${n++}`);
  await q.create();
  await mapLimit(raised.texts, 16, (t) => q.sendMessage(t, { messageTimeToLive: 3600 }));
  for (let round = 0; round < raised.times; round++) {
    const held = await receiveAll(q);
    await mapLimit(held, 16, (m) => q.updateMessage(m.messageId, m.popReceipt, undefined, 0));
  }
  await mapLimit(texts, 16, (t) => q.sendMessage(t, { messageTimeToLive: 3600 }));
  return q;
}

async function receiveAll(q: QueueClient, visibilityTimeout = 120) {
  const out: { messageId: string; popReceipt: string; messageText: string; dequeueCount: number; expiresOn: Date }[] =
    [];
  for (;;) {
    const batch = (await q.receiveMessages({ numberOfMessages: 32, visibilityTimeout })).receivedMessageItems;
    if (!batch.length) return out;
    out.push(...batch);
  }
}

/**
 * The raw SDK's view of every message: received once and released at once, so the peek counts
 * it reports are the received counts less one, before this look raised them.
 */
async function snapshot(q: QueueClient): Promise<Map<string, Seen>> {
  const all = await receiveAll(q);
  await mapLimit(all, 16, (m) => q.updateMessage(m.messageId, m.popReceipt, undefined, 0));
  return new Map(
    all.map((m) => [
      m.messageId,
      { id: m.messageId, text: m.messageText, dequeueCount: m.dequeueCount, expiresOn: m.expiresOn.getTime() },
    ]),
  );
}

const multiset = (texts: Iterable<string>) => [...texts].sort();

async function job(id: string) {
  return (await call(jobRoute, { params: { id } })).json;
}

async function settled(res: { status: number; json: { job: { id: string } } }) {
  expect(res.status).toBe(202);
  await jobSettled(res.json.job.id);
  return job(res.json.job.id);
}

const purge = (queue: string, body: unknown) =>
  call(purgeRoute, { method: "POST", params: { account: "local", queue }, body });
const move = (queue: string, body: unknown) =>
  call(moveRoute, { method: "POST", params: { account: "local", queue }, body });
const exportJob = (queue: string, body: unknown) =>
  call(exportRoute, { method: "POST", params: { account: "local", queue }, body });
const timeout = { json: { path: "$.error", equals: "Timeout" } };

/** Non-matches keep their text, and the scan raised each dequeue count by at most one. */
function expectUntouched(before: Map<string, Seen>, after: Map<string, Seen>, scans = 1) {
  for (const [id, m] of after) {
    const was = before.get(id)!;
    expect(m.text).toBe(was.text);
    // `before` was taken by a look of its own (one more receive), as is `after`.
    expect(m.dequeueCount - was.dequeueCount).toBeLessThanOrEqual(1 + scans);
  }
}

beforeAll(() => {
  useEnv({ QUEUESCOPE_DATA_DIR: mkdtempSync(path.join(tmpdir(), "qs-scan-")) });
  resetJobEngine();
});

describe("predicate purge", () => {
  it("a dry run counts the raw SDK's matches and changes nothing; the purge deletes exactly those", async () => {
    const q = await queueWith(mixed(180, "p"));
    const before = await snapshot(q);
    const truth = [...before.values()].filter((m) => isTimeout(m.text));
    expect(truth.length).toBe(60);

    const dry = await settled(await purge(q.name, { where: timeout, dryRun: true }));
    expect(dry).toMatchObject({
      kind: "purge",
      state: "succeeded",
      options: { dryRun: true },
      scan: { scanned: 180, matched: truth.length, acted: 0, released: 180, notSeen: 0 },
    });
    expect(dry.note).toMatch(/Dry run: received 180 messages .* dequeue count rose by one/);
    const afterDry = await snapshot(q);
    expect(multiset([...afterDry.values()].map((m) => m.text))).toEqual(
      multiset([...before.values()].map((m) => m.text)),
    );
    expectUntouched(before, afterDry);
    // Every message was received exactly once by the dry run.
    for (const [id, m] of afterDry) expect(m.dequeueCount).toBe(before.get(id)!.dequeueCount + 2);

    const real = await settled(await purge(q.name, { where: timeout }));
    expect(real).toMatchObject({
      state: "succeeded",
      scan: { scanned: 180, matched: truth.length, acted: truth.length, released: 120, notSeen: 0 },
    });
    const after = await snapshot(q);
    expect(multiset([...after.values()].map((m) => m.text))).toEqual(
      multiset([...before.values()].filter((m) => !isTimeout(m.text)).map((m) => m.text)),
    );
    expectUntouched(afterDry, after);
  });

  it("compares the dequeue count as a peek shows it: a second pass matches the same messages", async () => {
    const q = await queueWith(mixed(30, "fresh"), { texts: mixed(30, "poison"), times: 2 });
    const before = await snapshot(q);
    const truth = [...before.values()].filter((m) => m.dequeueCount >= 3).length;
    expect(truth).toBe(30);
    const first = await settled(await purge(q.name, { where: { dequeueCountAtLeast: 3 }, dryRun: true }));
    const second = await settled(await purge(q.name, { where: { dequeueCountAtLeast: 3 }, dryRun: true }));
    expect(first.scan.matched).toBe(truth);
    // The first pass raised every count by one, so exactly the next threshold's set would match now.
    expect(second.scan.matched).toBe([...before.values()].filter((m) => m.dequeueCount + 1 >= 3).length);
  });

  it("ends nothing_to_do when nothing matches, having released every message", async () => {
    const q = await queueWith(["a", "b", "c"]);
    const res = await settled(await purge(q.name, { where: { contains: "zzz" } }));
    expect(res).toMatchObject({ state: "nothing_to_do", scan: { scanned: 3, matched: 0, released: 3 } });
    expect((await snapshot(q)).size).toBe(3);
  });

  it("reports messages hidden by another reader as not seen: partial, not succeeded", async () => {
    const q = await queueWith(mixed(30, "h"));
    await q.receiveMessages({ numberOfMessages: 5, visibilityTimeout: 300 });
    const res = await settled(await purge(q.name, { where: timeout }));
    expect(res).toMatchObject({ state: "partial", scan: { scanned: 25, notSeen: 5 } });
    expect(res.note).toMatch(/5 messages were not seen/);
  });

  it.each([
    [{ where: { json: { path: "$..error", equals: "x" } } }, "Recursive descent"],
    [{ where: { json: { path: "error", equals: "x" } } }, 'starts with "$"'],
    [{ where: { json: { path: "$.error", matches: "(unclosed" } } }, "missing closing )"],
    [{ where: { json: { path: "$.error", matches: "(a)\\1" } } }, "Not a supported regular expression"],
    [{ where: { json: { path: "$.error", equals: "a", matches: "a" } } }, "not both"],
    [{ where: {} }, "at least one condition"],
    [{}, ""],
  ])("refuses a bad where %j with 400 validation_failed", async (body, message) => {
    const q = await queueWith(["keep me"]);
    const res = await purge(q.name, body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("validation_failed");
    expect(res.json.error.message).toContain(message);
    expect((await snapshot(q)).size).toBe(1);
  });

  it("of two predicate jobs started at once on one queue, exactly one wins", async () => {
    const q = await queueWith(mixed(40, "c"));
    const target = emulatorService().getQueueClient(`${prefix}-${n++}`);
    await target.create();
    const answers = await Promise.all([
      purge(q.name, { where: timeout }),
      move(q.name, { to: target.name, where: timeout }),
      purge(q.name, { where: timeout, dryRun: true }),
    ]);
    const won = answers.filter((a) => a.status === 202);
    expect(won).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 202))
      expect(a.json.error).toMatchObject({ code: "job_conflict" });
    await jobSettled(won[0]!.json.job.id);
  });
});

describe("predicate move", () => {
  it("moves only what matches, keeping each copy's text and remaining time-to-live; the rest stays as it was", async () => {
    const q = await queueWith(mixed(120, "m"));
    const target = emulatorService().getQueueClient(`${prefix}-${n++}`);
    await target.create();
    const before = await snapshot(q);
    const truth = [...before.values()].filter((m) => isTimeout(m.text));

    const dry = await settled(await move(q.name, { to: target.name, where: timeout, dryRun: true }));
    expect(dry).toMatchObject({
      kind: "move",
      state: "succeeded",
      scan: { scanned: 120, matched: truth.length, acted: 0, released: 120 },
    });
    expect((await snapshot(target)).size).toBe(0);

    const res = await settled(await move(q.name, { to: target.name, where: timeout }));
    expect(res).toMatchObject({
      state: "succeeded",
      duplicated: 0,
      scan: { matched: truth.length, acted: truth.length, released: 120 - truth.length },
    });
    const moved = await snapshot(target);
    const left = await snapshot(q);
    expect(multiset([...moved.values()].map((m) => m.text))).toEqual(multiset(truth.map((m) => m.text)));
    expect(multiset([...moved.values(), ...left.values()].map((m) => m.text))).toEqual(
      multiset([...before.values()].map((m) => m.text)),
    );
    expectUntouched(before, left, 2);
    const latest = Math.max(...truth.map((m) => m.expiresOn));
    for (const m of moved.values()) expect(m.expiresOn).toBeLessThanOrEqual(latest + 2_000);
  });

  it("the move without where keeps working", async () => {
    const q = await queueWith(["x", "y"]);
    const target = emulatorService().getQueueClient(`${prefix}-${n++}`);
    await target.create();
    const res = await settled(await move(q.name, { to: target.name }));
    expect(res).toMatchObject({ state: "succeeded", processed: 2 });
    expect(res.scan).toBeUndefined();
  });

  it("a cancel mid-scan ends within 2 s and leaves nothing hidden", async () => {
    const texts = mixed(300, "x");
    const q = await queueWith(texts);
    const target = emulatorService().getQueueClient(`${prefix}-${n++}`);
    await target.create();
    const res = await move(q.name, { to: target.name, where: timeout, ratePerSecond: 10 });
    expect(res.status).toBe(202);
    for (let i = 0; i < 100 && !((await job(res.json.job.id)).scan?.scanned > 0); i++) await sleep(100);
    const asked = Date.now();
    expect((await call(cancelRoute, { method: "DELETE", params: { id: res.json.job.id } })).status).toBe(200);
    await jobSettled(res.json.job.id);
    expect(Date.now() - asked).toBeLessThan(2_500);
    const ended = await job(res.json.job.id);
    expect(ended.state).toBe("cancelled");
    const moved = await snapshot(target);
    const left = await snapshot(q);
    // Everything is visible again at once: in the source, or moved (a send cut off by the cancel is a counted duplicate).
    expect(left.size + moved.size).toBeGreaterThanOrEqual(300);
    expect(left.size + moved.size - 300).toBeLessThanOrEqual(ended.duplicated);
    for (const m of moved.values()) expect(isTimeout(m.text)).toBe(true);
  });

  it("an instance that stops mid-scan hands it over: the next keeps what it held and finishes, nothing lost", async () => {
    const texts = mixed(240, "o");
    const q = await queueWith(texts);
    const target = emulatorService().getQueueClient(`${prefix}-${n++}`);
    await target.create();
    const res = await move(q.name, { to: target.name, where: timeout, ratePerSecond: 40 });
    for (let i = 0; i < 100 && !((await job(res.json.job.id)).scan?.acted > 4); i++) await sleep(100);
    await stopLocalJobs();
    expect((await job(res.json.job.id)).state).toBe("running");
    resetJobEngine();
    expect(await adoptOrphans()).toBe(1);
    await jobSettled(res.json.job.id);
    const ended = await job(res.json.job.id);
    expect(ended).toMatchObject({ adoptions: 1, scan: { matched: 80 } });
    // A page cut off by the stop is hidden until its visibility ends: then the job says so (partial).
    expect(["succeeded", "partial"]).toContain(ended.state);
    const moved = [...(await snapshot(target)).values()].map((m) => m.text);
    for (const t of moved) expect(isTimeout(t)).toBe(true);
    expect(new Set(moved).size + ((await q.getProperties()).approximateMessagesCount ?? 0)).toBe(240);
    expect(moved.length - new Set(moved).size).toBeLessThanOrEqual(ended.duplicated);
    // Each non-match was received once by the scan, across the hand-over.
    for (const m of (await snapshot(q)).values()) if (!isTimeout(m.text)) expect(m.dequeueCount).toBeLessThanOrEqual(2);
  }, 120_000);
});

describe("predicate export", () => {
  it("exports only what matches, decoded as asked; the dry run writes nothing; the queue is unchanged", async () => {
    const q = await queueWith(mixed(90, "e"));
    const before = await snapshot(q);
    const truth = [...before.values()].filter((m) => isTimeout(m.text));

    const dry = await settled(await exportJob(q.name, { where: timeout, dryRun: true }));
    expect(dry).toMatchObject({
      kind: "export",
      state: "succeeded",
      scan: { matched: truth.length, acted: 0, released: 90 },
    });
    expect(dry.download).toBeUndefined();

    const res = await settled(await exportJob(q.name, { where: timeout, decodeAs: "decoded" }));
    expect(res).toMatchObject({
      state: "succeeded",
      scan: { matched: truth.length, acted: truth.length, released: 90 },
      download: `/api/jobs/${res.id}/download`,
    });
    const file = await call(downloadRoute, { params: { id: res.id } });
    expect(file.status).toBe(200);
    const records = file.text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records).toHaveLength(truth.length);
    for (const r of records) {
      expect(r).not.toHaveProperty("rawText");
      expect(JSON.parse(r.decodedText).error).toBe("Timeout");
    }
    expect(multiset(records.map((r) => r.id))).toEqual(multiset(truth.map((m) => m.id)));
    const after = await snapshot(q);
    expect(multiset([...after.values()].map((m) => m.text))).toEqual(multiset([...before.values()].map((m) => m.text)));
    expectUntouched(before, after, 2);
  });

  it("exports raw text only when asked", async () => {
    const q = await queueWith([b64('{"error":"Timeout"}'), "other"]);
    const res = await settled(await exportJob(q.name, { where: timeout, decodeAs: "raw" }));
    const records = (await call(downloadRoute, { params: { id: res.id } })).text
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(records).toEqual([expect.objectContaining({ rawText: b64('{"error":"Timeout"}') })]);
    expect(records[0]).not.toHaveProperty("decodedText");
  });

  it("keeps messages hidden for the time the user chose, not the scan's own", async () => {
    const q = await queueWith([b64('{"error":"Timeout"}'), "other"]);
    const res = await settled(await exportJob(q.name, { where: timeout, visibilityTimeout: 45 }));
    expect(res).toMatchObject({ state: "succeeded", options: { visibilityTimeout: 45 } });
  });
});

describe("the order of non-matches", () => {
  /** Sent one at a time, so the queue gives them out in this order (peek and receive share it). */
  async function orderedQueue(texts: string[]): Promise<QueueClient> {
    const q = emulatorService().getQueueClient(`${prefix}-${n++}`);
    await q.create();
    for (const t of texts) await q.sendMessage(t, { messageTimeToLive: 3600 });
    return q;
  }
  const peekOrder = async (q: QueueClient) =>
    (await q.peekMessages({ numberOfMessages: 32 })).peekedMessageItems.map((m) => m.messageText);
  /** The whole queue in the order it is given out: received, so only at the end of a test. */
  const receiveOrder = async (q: QueueClient) => (await receiveAll(q)).map((m) => m.messageText);

  /**
   * What the service lets a scan keep (see lib/jobs/scan.ts): released 64 at a time, each wave
   * after the last, in the order received, the head of the queue comes only from the first wave.
   * With a sliding window of 64, later pages landed in the head (65 came back before 9). Exact
   * order is not kept: a wave's releases reach the service in any order, and of pages received at
   * once by parallel receivers the service does not say which it served first.
   */
  function expectOrderKept(head: string[], after: string[], kept: string[]) {
    expect(head).toHaveLength(32);
    expect(head.filter((t) => !kept.slice(0, 64).includes(t)).map((t) => kept.indexOf(t))).toEqual([]);
    expect(multiset(after)).toEqual(multiset(kept));
  }

  it.each([
    ["no match", { contains: "no message holds this" }, () => false],
    ["a third matching", timeout, isTimeout],
  ])("is kept by a purge with %s", async (_, where, matches: (text: string) => boolean) => {
    // Unique texts (the binary ones carry i & 0xff), and more than the 64 released at a time.
    const texts = mixed(240, "ord");
    const q = await orderedQueue(texts);
    expect(await peekOrder(q)).toEqual(texts.slice(0, 32));
    const res = await settled(await purge(q.name, { where }));
    expect(res.scan.scanned).toBe(240);
    const kept = texts.filter((t) => !matches(t));
    expectOrderKept(await peekOrder(q), await receiveOrder(q), kept);
  });
});
