// Alert evaluation end to end: real Azurite queues changed with the raw SDK, rounds read through
// lib/azure and published on the sample-round registry as the sampler does, a driven clock, and
// a real HTTP webhook receiver. Every condition must page exactly once firing and once resolved.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it, vi } from "vitest";
import {
  alertDeliveriesSettled,
  configureAlerts,
  evaluateRound,
  forgetPreviousSamples,
} from "@/lib/metrics/alert-engine";
import { alertsOverview } from "@/lib/metrics/alerts";
import { azuriteUrl, emulatorService, uniquePrefix } from "../support/api";
import { alertHarness, publish, publishRoundAt, readRound } from "../support/sample-rounds";

const INTERVAL = 5;
const SETTINGS = { timeoutMs: 2_000, maxAttempts: 3, backoffMs: () => 50 };
const h = alertHarness(SETTINGS);
const rule = h.rule;

/** A queue of its own, with `n` messages. */
async function queueWith(name: string, n: number) {
  const q = emulatorService().getQueueClient(name);
  await q.create();
  for (let i = 0; i < n; i++) await q.sendMessage(`m${i}`);
  return q;
}

async function setDepth(name: string, n: number) {
  const q = emulatorService().getQueueClient(name);
  await q.clearMessages();
  for (let i = 0; i < n; i++) await q.sendMessage(`m${i}`);
}

/** What the receiver was told about one queue, in order. */
const pages = (queue: string) => h.receiver.received.filter((h) => h.body.queue === queue).map((h) => h.body.state);

/** A clock that advances one sampling interval per round. */
function rounds(prefix: string, start = Date.now()) {
  let at = start;
  return {
    next: async (steps = 1) => {
      at += steps * INTERVAL * 1000;
      return publishRoundAt(prefix, new Date(at), INTERVAL);
    },
    now: () => at,
  };
}

describe("each condition fires and resolves exactly once", () => {
  it("depth_above: fires after holding forSeconds, stays quiet while it holds, resolves once clear for long enough", async () => {
    const prefix = uniquePrefix("adepth");
    const queue = `${prefix}-orders`;
    await queueWith(queue, 5);
    await rule({
      name: "Orders backlog",
      queuePattern: `${prefix}-*`,
      condition: "depth_above",
      threshold: 3,
      forSeconds: 10,
    });
    const r = rounds(prefix);
    await r.next(); // pending
    await r.next(); // 5 s held
    expect(pages(queue)).toEqual([]);
    await r.next(); // 10 s held: fires
    expect(pages(queue)).toEqual(["firing"]);
    const firing = (await alertsOverview()).firing.filter((f) => f.queue === queue);
    expect(firing).toEqual([
      expect.objectContaining({ ruleName: "Orders backlog", value: 5, threshold: 3, resolving: false }),
    ]);
    await r.next();
    await r.next();
    await setDepth(queue, 0);
    await r.next(); // clear since now
    await r.next();
    expect(pages(queue)).toEqual(["firing"]);
    expect((await alertsOverview()).firing.find((f) => f.queue === queue)?.resolving).toBe(true);
    await r.next(); // clear for 10 s = 2 intervals: resolves
    await r.next();
    await r.next();
    expect(pages(queue)).toEqual(["firing", "resolved"]);
    const hook = h.receiver.received.find((h) => h.body.queue === queue && h.body.state === "firing")!;
    expect(hook.body).toMatchObject({
      rule: "Orders backlog",
      account: "local",
      queue,
      state: "firing",
      value: 5,
      threshold: 3,
    });
    expect(hook.body.url).toMatch(new RegExp(`/accounts/local/queues/${queue}$`));
    expect(new Date(hook.body.at as string).toISOString()).toBe(hook.body.at);
    const overview = await alertsOverview();
    expect(overview.firing.filter((f) => f.queue === queue)).toEqual([]);
    expect(overview.recent.filter((t) => t.queue === queue).map((t) => [t.state, t.delivery.status])).toEqual([
      ["resolved", "delivered"],
      ["firing", "delivered"],
    ]);
  });

  it("age_above: fires when the oldest message passes the threshold, resolves once it is consumed", async () => {
    const prefix = uniquePrefix("aage");
    const queue = `${prefix}-slow`;
    await queueWith(queue, 1);
    await rule({ name: "Old messages", queuePattern: queue, condition: "age_above", threshold: 60, forSeconds: 0 });
    const r = rounds(prefix);
    await r.next(); // about 5 s old
    expect(pages(queue)).toEqual([]);
    await r.next(12); // about 65 s old
    expect(pages(queue)).toEqual(["firing"]);
    await r.next();
    const value = h.receiver.received.find((h) => h.body.queue === queue)!.body.value as number;
    expect(value).toBeGreaterThan(60);
    await setDepth(queue, 0);
    for (let i = 0; i < 4; i++) await r.next();
    expect(pages(queue)).toEqual(["firing", "resolved"]);
  });

  it("not_empty on poison queues: fires for the poison queue only, resolves when it is emptied", async () => {
    const prefix = uniquePrefix("apoison");
    await queueWith(`${prefix}-work`, 3);
    const poison = `${prefix}-work-poison`;
    await queueWith(poison, 0);
    await rule({
      name: "Poison",
      queuePattern: `${prefix}-*-poison`,
      condition: "not_empty",
      forSeconds: 0,
      webhookFormat: "json",
    });
    const r = rounds(prefix);
    await r.next();
    expect(h.receiver.received.filter((h) => String(h.body.queue).startsWith(prefix))).toEqual([]);
    await emulatorService().getQueueClient(poison).sendMessage("failed order");
    await r.next();
    await r.next();
    expect(pages(poison)).toEqual(["firing"]);
    await setDepth(poison, 0);
    for (let i = 0; i < 4; i++) await r.next();
    expect(pages(poison)).toEqual(["firing", "resolved"]);
    expect(pages(`${prefix}-work`)).toEqual([]);
  });

  it("growing: fires when the net rate stays above zero for forSeconds, resolves when it stops", async () => {
    const prefix = uniquePrefix("agrow");
    const queue = `${prefix}-ingest`;
    const q = await queueWith(queue, 0);
    await rule({ name: "Ingest growing", queuePattern: queue, condition: "growing", threshold: 0, forSeconds: 10 });
    const r = rounds(prefix);
    await r.next(); // first sample: nothing to compare with
    for (let i = 0; i < 3; i++) {
      await q.sendMessage("a");
      await q.sendMessage("b");
      await r.next();
    }
    expect(pages(queue)).toEqual(["firing"]);
    const hook = h.receiver.received.find((h) => h.body.queue === queue)!;
    expect(hook.body.value).toBe(24); // 2 messages per 5 s
    for (let i = 0; i < 4; i++) await r.next(); // flat: rate 0
    expect(pages(queue)).toEqual(["firing", "resolved"]);
  });

  it("stalled: depth > 0 and unchanged while the oldest ages fires; the queue moving again resolves it", async () => {
    const prefix = uniquePrefix("astall");
    const queue = `${prefix}-billing`;
    const q = await queueWith(queue, 2);
    await rule({ name: "Billing stalled", queuePattern: queue, condition: "stalled", forSeconds: 10 });
    const r = rounds(prefix);
    await r.next();
    await r.next();
    await r.next();
    expect(pages(queue)).toEqual([]);
    await r.next();
    expect(pages(queue)).toEqual(["firing"]);
    await r.next();
    const [m] = (await q.receiveMessages({ numberOfMessages: 1 })).receivedMessageItems;
    await q.deleteMessage(m!.messageId, m!.popReceipt);
    await r.next(); // depth changed
    await q.clearMessages();
    await r.next();
    await r.next();
    await r.next();
    expect(pages(queue)).toEqual(["firing", "resolved"]);
  });
});

describe("hysteresis", () => {
  it("a flapping queue does not page before it holds, and pages once while it flaps after firing", async () => {
    const prefix = uniquePrefix("aflap");
    const queue = `${prefix}-flappy`;
    await queueWith(queue, 0);
    await rule({ name: "Flappy", queuePattern: queue, condition: "depth_above", threshold: 3, forSeconds: 10 });
    const r = rounds(prefix);
    for (const depth of [5, 0, 5, 0, 5, 0, 5, 1]) {
      await setDepth(queue, depth);
      await r.next();
    }
    expect(pages(queue)).toEqual([]);
    await setDepth(queue, 6);
    for (let i = 0; i < 3; i++) await r.next();
    expect(pages(queue)).toEqual(["firing"]);
    // Around the threshold (3 is not above it, but not past the 10% margin either) and flapping below it.
    for (const depth of [3, 0, 6, 0, 6, 3, 3, 0, 5]) {
      await setDepth(queue, depth);
      await r.next();
    }
    expect(pages(queue)).toEqual(["firing"]);
    await setDepth(queue, 0);
    for (let i = 0; i < 3; i++) await r.next();
    expect(pages(queue)).toEqual(["firing", "resolved"]);
  });

  it("a queue deleted while firing resolves (it reads as empty), once", async () => {
    const prefix = uniquePrefix("agone");
    const queue = `${prefix}-temp`;
    await queueWith(queue, 2);
    await rule({ name: "Gone", queuePattern: `${prefix}-*`, condition: "not_empty", forSeconds: 0 });
    const r = rounds(prefix);
    await r.next();
    expect(pages(queue)).toEqual(["firing"]);
    await emulatorService().getQueueClient(queue).delete();
    for (let i = 0; i < 4; i++) await r.next();
    expect(pages(queue)).toEqual(["firing", "resolved"]);
  });

  it("a queue the round could not read keeps firing (no resolve, no second page), unlike a deleted one", async () => {
    const prefix = uniquePrefix("aunread");
    const queue = `${prefix}-orders`;
    await queueWith(queue, 5);
    await rule({ name: "Unread", queuePattern: `${prefix}-*`, condition: "depth_above", threshold: 3, forSeconds: 0 });
    let at = Date.now();
    const roundAt = async () => readRound(prefix, new Date((at += INTERVAL * 1000)), INTERVAL);
    await publish(await roundAt());
    expect(pages(queue)).toEqual(["firing"]);
    // Longer than it takes a clear queue to resolve (two intervals): its reads time out meanwhile,
    // as the sampler reports them (listed, not read).
    for (let i = 0; i < 4; i++) {
      const round = await roundAt();
      await publish({ ...round, queues: round.queues.filter((q) => q.name !== queue), failed: [queue] });
      expect((await alertsOverview()).firing.filter((f) => f.queue === queue)).toEqual([
        expect.objectContaining({ value: 5, resolving: false }),
      ]);
    }
    await publish(await roundAt());
    expect(pages(queue)).toEqual(["firing"]);
  });
});

describe("history retention", () => {
  it("transitions older than 30 days are dropped when a rule records a new one", async () => {
    const prefix = uniquePrefix("akeep");
    const queue = `${prefix}-old`;
    await queueWith(queue, 1);
    await rule({ name: "Retention", queuePattern: queue, condition: "not_empty", forSeconds: 0 });
    // The clock of the instance that prunes is the rounds' clock: 40 days ago, then now.
    const r = rounds(prefix, Date.now() - 40 * 86_400_000);
    configureAlerts({ ...SETTINGS, now: () => r.now() });
    await r.next();
    await setDepth(queue, 0);
    for (let i = 0; i < 3; i++) await r.next();
    const states = async () => (await alertsOverview()).recent.filter((t) => t.queue === queue).map((t) => t.state);
    expect(await states()).toEqual(["resolved", "firing"]);
    await setDepth(queue, 2);
    configureAlerts(SETTINGS);
    await publishRoundAt(prefix, new Date(), INTERVAL);
    await vi.waitFor(async () => expect(await states()).toEqual(["firing"]), { timeout: 5_000, interval: 50 });
  });
});

describe("leader change", () => {
  it("a new leader continues from the persisted state: a replayed round and concurrent evaluation add no transition", async () => {
    const prefix = uniquePrefix("alead");
    const queue = `${prefix}-jobs`;
    await queueWith(queue, 4);
    await rule({ name: "Leader", queuePattern: queue, condition: "depth_above", threshold: 1, forSeconds: 10 });
    let at = Date.now();
    const roundAt = async () => readRound(prefix, new Date((at += INTERVAL * 1000)), INTERVAL);
    // The old leader: pending for 5 s.
    await publish(await roundAt());
    await publish(await roundAt());
    // The lease changes hands while the round that fires is being evaluated: both instances
    // evaluate it at once from the same persisted "pending" state, and then the new one, with none
    // of the old one's memory, sees the same round again.
    const third = await roundAt();
    await Promise.all([evaluateRound(third), evaluateRound(third), evaluateRound(third)]);
    await alertDeliveriesSettled();
    forgetPreviousSamples();
    await publish(third);
    expect(pages(queue)).toEqual(["firing"]);
    const fourth = await roundAt();
    await Promise.all([evaluateRound(fourth), evaluateRound(fourth)]);
    await publish(await roundAt());
    // An older round arriving late changes nothing either.
    await publish(third);
    expect(pages(queue)).toEqual(["firing"]);
    await setDepth(queue, 0);
    await publish(await roundAt());
    await publish(await roundAt());
    const resolving = await roundAt();
    await Promise.all([evaluateRound(resolving), evaluateRound(resolving), evaluateRound(resolving)]);
    await alertDeliveriesSettled();
    forgetPreviousSamples();
    await publish(resolving);
    await publish(await roundAt());
    expect(pages(queue)).toEqual(["firing", "resolved"]);
    const mine = (await alertsOverview()).recent.filter((t) => t.queue === queue);
    expect(mine.map((t) => t.state)).toEqual(["resolved", "firing"]);
  });

  it("two instance processes that both think they lead, publishing the same rounds at once, page once each way", async () => {
    const prefix = uniquePrefix("atwo");
    const queue = `${prefix}-poison`;
    await queueWith(queue, 1);
    await rule({ name: "Two leaders", queuePattern: queue, condition: "not_empty", forSeconds: 0 });
    const start = Date.now();
    // Both processes read the round, then evaluate it at the same moment.
    const both = async (at: number) => {
      const barrier = Date.now() + 8_000;
      await Promise.all([instanceRound(prefix, at, barrier), instanceRound(prefix, at, barrier)]);
    };
    await both(start);
    expect(pages(queue)).toEqual(["firing"]);
    await setDepth(queue, 0);
    await publishRoundAt(prefix, new Date(start + 5_000), INTERVAL);
    await publishRoundAt(prefix, new Date(start + 10_000), INTERVAL);
    // Clear since +5 s; at +15 s it has been clear for two intervals: the round that resolves it.
    await both(start + 15_000);
    expect(pages(queue)).toEqual(["firing", "resolved"]);
  });
});

/** A separate Node process with the server's conditions (no memory shared with this one) publishing one round. */
async function instanceRound(prefix: string, at: number, barrier: number): Promise<void> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    QUEUESCOPE_EMULATOR_URL: azuriteUrl(),
    QUEUESCOPE_ROUND_BARRIER_MS: String(barrier),
  };
  delete env.NODE_OPTIONS;
  await promisify(execFile)(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      "e2e/support/publish-round.ts",
      prefix,
      String(at),
      String(INTERVAL),
    ],
    { env, timeout: 60_000 },
  );
}
