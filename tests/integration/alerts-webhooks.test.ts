// Webhook delivery against real receivers that fail the impolite ways: 500s, a refused
// connection, and one that accepts the request and never answers. Every failure is retried with
// growing waits, recorded, and shown by GET /api/alerts until a delivery gets through.
import { describe, expect, it, vi } from "vitest";
import { GET as alertsRoute } from "@/app/api/alerts/route";
import { POST as testRoute } from "@/app/api/alerts/rules/[id]/test/route";
import { alertDeliveriesSettled, configureAlerts, retryDueDeliveries } from "@/lib/metrics/alert-engine";
import { updateAlertRule } from "@/lib/metrics/alert-rules";
import { alertMetricSections, removeAlertRule } from "@/lib/metrics/alerts";
import { renderExposition } from "@/lib/metrics/prometheus";
import type { AlertTransitionDto } from "@/lib/validation/alerts";
import { call, emulatorService, uniquePrefix } from "../support/api";
import { alertHarness, publishRoundAt } from "../support/sample-rounds";
import { refusedUrl } from "../support/webhook-receiver";

// Long enough that a loaded machine still sees the delivery between attempts.
const BACKOFF = (n: number) => 500 * 2 ** (n - 1);
const h = alertHarness({ timeoutMs: 400, maxAttempts: 3, backoffMs: BACKOFF });

/** A poison queue with one message and a not_empty rule pointing at `webhookUrl`; the first round fires it. */
async function firingWith(webhookUrl: string, label: string) {
  const prefix = uniquePrefix(label);
  const queue = `${prefix}-poison`;
  const q = emulatorService().getQueueClient(queue);
  await q.create();
  await q.sendMessage("dead letter");
  const rule = await h.rule({
    name: `Hook ${label}`,
    queuePattern: queue,
    condition: "not_empty",
    forSeconds: 0,
    webhookUrl,
  });
  const start = Date.now();
  await publishRoundAt(prefix, new Date(start));
  return { prefix, queue, rule, start };
}

async function problemsOf(ruleId: string): Promise<AlertTransitionDto[]> {
  const res = await call(alertsRoute);
  expect(res.status, res.text).toBe(200);
  return (res.json.deliveryProblems as AlertTransitionDto[]).filter((t) => t.ruleId === ruleId);
}

async function settledAs(ruleId: string, status: string) {
  await vi.waitFor(async () => expect((await problemsOf(ruleId)).map((t) => t.delivery.status)).toEqual([status]), {
    timeout: 15_000,
    interval: 50,
  });
  return (await problemsOf(ruleId))[0]!;
}

const hits = (queue: string) => h.receiver.received.filter((h) => h.body.queue === queue);

describe("webhook failures retry with backoff and surface in GET /api/alerts", () => {
  it("a receiver answering 500: three attempts with growing waits, then failed, counted, and shown", async () => {
    h.receiver.answer(500);
    const { queue, rule } = await firingWith(h.receiver.url, "h500");
    const [first] = await problemsOf(rule.id);
    expect(first).toMatchObject({
      state: "firing",
      queue,
      delivery: { status: "retrying", lastStatus: 500, lastError: "answered 500 Internal Server Error" },
    });
    expect(first!.delivery.attempts).toBeLessThan(3);
    expect(Date.parse(first!.delivery.nextRetryAt!)).toBeGreaterThan(Date.now() - 1_000);
    // Only the origin is shown: the path holds the receiver's token.
    expect(first!.delivery.target).toBe(new URL(h.receiver.url).origin);
    expect(JSON.stringify(await call(alertsRoute))).not.toContain("s3cr3t-token");
    const failed = await settledAs(rule.id, "failed");
    expect(failed.delivery).toMatchObject({ attempts: 3, lastStatus: 500, nextRetryAt: null });
    const times = hits(queue).map((h) => h.at);
    expect(times).toHaveLength(3);
    const [gap1, gap2] = [times[1]! - times[0]!, times[2]! - times[1]!];
    expect(gap1).toBeGreaterThanOrEqual(BACKOFF(1) - 20);
    expect(gap2).toBeGreaterThanOrEqual(BACKOFF(2) - 20);
    // Given up means given up: no fourth attempt later.
    await new Promise((r) => setTimeout(r, 2_500));
    await retryDueDeliveries();
    expect(hits(queue)).toHaveLength(3);
    const lines = renderExposition(await alertMetricSections()).split("\n");
    expect(lines).toContain(
      `queuescope_webhook_deliveries_total{rule="Hook h500",rule_id="${rule.id}",result="failed"} 3`,
    );
    expect(lines).toContain(`queuescope_webhook_deliveries_total{rule="Hook h500",rule_id="${rule.id}",result="ok"} 0`);
    expect(lines).toContain(`queuescope_alerts_firing{rule="Hook h500",rule_id="${rule.id}",account="local"} 1`);
  });

  it("a refused connection is retried and reported as refused", async () => {
    const { queue, rule } = await firingWith(await refusedUrl(), "href");
    const failed = await settledAs(rule.id, "failed");
    expect(failed).toMatchObject({
      queue,
      delivery: { attempts: 3, lastStatus: null, lastError: "connection refused" },
    });
  });

  it("a receiver that accepts and never answers is cut off by our deadline and retried", async () => {
    h.receiver.answer("hang");
    const started = Date.now();
    const { queue, rule } = await firingWith(h.receiver.url, "hhang");
    const failed = await settledAs(rule.id, "failed");
    expect(failed.delivery).toMatchObject({ attempts: 3, lastStatus: null, lastError: "no answer within 0.4 s" });
    expect(hits(queue)).toHaveLength(3);
    // Three 0.4 s deadlines and two waits, not three hung requests.
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a failure that recovers: the retry delivers, the problem clears, nothing is sent twice", async () => {
    let calls = 0;
    h.receiver.answer(() => (++calls === 1 ? 503 : "ok"));
    const { queue, rule } = await firingWith(h.receiver.url, "hrec");
    expect((await problemsOf(rule.id)).map((t) => t.delivery.status)).toEqual(["retrying"]);
    await vi.waitFor(async () => expect(await problemsOf(rule.id)).toEqual([]), { timeout: 10_000, interval: 50 });
    const res = await call(alertsRoute);
    const mine = (res.json.recent as AlertTransitionDto[]).filter((t) => t.queue === queue);
    expect(mine.map((t) => [t.state, t.delivery.status, t.delivery.attempts])).toEqual([["firing", "delivered", 2]]);
    await new Promise((r) => setTimeout(r, 500));
    await retryDueDeliveries();
    expect(hits(queue).map((h) => h.body.state)).toEqual(["firing", "firing"]);
  });

  it("a retry whose timer died with its instance is picked up by the sweep once due, once", async () => {
    configureAlerts({ timeoutMs: 400, maxAttempts: 3, backoffMs: () => 300 });
    h.receiver.answer(500);
    const { queue, rule } = await firingWith(h.receiver.url, "hdead");
    // The instance dies: its retry timers go with it.
    configureAlerts({ timeoutMs: 400, maxAttempts: 3, backoffMs: () => 300 });
    h.receiver.answer("ok");
    await retryDueDeliveries(); // not due yet
    expect(hits(queue)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 350));
    await Promise.all([retryDueDeliveries(), retryDueDeliveries()]);
    expect(hits(queue)).toHaveLength(2);
    expect(await problemsOf(rule.id)).toEqual([]);
  });
});

describe("fixing or removing the webhook", () => {
  it("retries go to the URL the rule has now: fixing a broken URL delivers what was waiting", async () => {
    configureAlerts({ timeoutMs: 400, maxAttempts: 5, backoffMs: () => 300 });
    const { queue, rule } = await firingWith(await refusedUrl(), "hfix");
    expect((await problemsOf(rule.id)).map((t) => t.delivery.lastError)).toEqual(["connection refused"]);
    await updateAlertRule(rule.id, { ...rule, webhookUrl: h.receiver.url });
    await vi.waitFor(async () => expect(await problemsOf(rule.id)).toEqual([]), { timeout: 10_000, interval: 50 });
    expect(hits(queue).map((x) => x.body.state)).toEqual(["firing"]);
  });

  it("a rule deleted while its webhook is retrying: the retry stops, and nothing is left to fix", async () => {
    configureAlerts({ timeoutMs: 400, maxAttempts: 5, backoffMs: () => 200 });
    h.receiver.answer(500);
    const { queue, rule } = await firingWith(h.receiver.url, "hdel");
    await removeAlertRule(rule.id);
    await new Promise((r) => setTimeout(r, 400));
    await alertDeliveriesSettled();
    expect(hits(queue)).toHaveLength(1);
    const res = await call(alertsRoute);
    expect((res.json.deliveryProblems as AlertTransitionDto[]).filter((t) => t.ruleId === rule.id)).toEqual([]);
    expect((res.json.recent as AlertTransitionDto[]).find((t) => t.queue === queue)?.delivery).toMatchObject({
      status: "failed",
      lastError: "the rule was deleted",
    });
  });
});

describe("POST /api/alerts/rules/{id}/test", () => {
  it("answers what the receiver did, with the format the rule asks for", async () => {
    h.receiver.answer("ok");
    const prefix = uniquePrefix("htest");
    const slack = await h.rule({
      name: "Slack test",
      queuePattern: `${prefix}-*`,
      condition: "depth_above",
      threshold: 10,
      forSeconds: 60,
      webhookUrl: h.receiver.url,
      webhookFormat: "slack",
    });
    const before = h.receiver.received.length;
    const ok = await call(testRoute, { method: "POST", params: { id: slack.id } });
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({
      configured: true,
      ok: true,
      status: 200,
      error: null,
      target: new URL(h.receiver.url).origin,
    });
    const body = h.receiver.received[before]!.body;
    expect(body.text).toMatch(/^Test from Queuescope: Slack test on local\//);
    expect(body.blocks).toEqual(expect.arrayContaining([expect.objectContaining({ type: "section" })]));

    h.receiver.answer(500);
    const teams = await h.rule({
      name: "Teams test",
      queuePattern: `${prefix}-x`,
      condition: "not_empty",
      forSeconds: 0,
      webhookUrl: h.receiver.url,
      webhookFormat: "teams",
    });
    const bad = await call(testRoute, { method: "POST", params: { id: teams.id } });
    expect(bad.json).toMatchObject({ ok: false, status: 500, error: "answered 500 Internal Server Error" });
    expect(h.receiver.received.at(-1)!.body).toMatchObject({
      "@type": "MessageCard",
      title: expect.stringContaining("Teams test"),
    });

    // A Teams Workflows webhook answers 202 Accepted to an Adaptive Card message.
    h.receiver.answer(202);
    const workflow = await h.rule({
      name: "Workflow test",
      queuePattern: `${prefix}-w`,
      condition: "not_empty",
      forSeconds: 0,
      webhookUrl: h.receiver.url,
      webhookFormat: "teams-workflow",
    });
    const accepted = await call(testRoute, { method: "POST", params: { id: workflow.id } });
    expect(accepted.json).toMatchObject({ ok: true, status: 202 });
    const card = h.receiver.received.at(-1)!.body as {
      type: string;
      attachments: { contentType: string; content: { type: string; body: { text?: string }[] } }[];
    };
    expect(card.type).toBe("message");
    expect(card.attachments[0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.attachments[0]!.content.type).toBe("AdaptiveCard");
    expect(card.attachments[0]!.content.body[0]!.text).toMatch(/^Test from Queuescope: Workflow test on local\//);
    h.receiver.answer("ok");

    const none = await h.rule({
      name: "No hook",
      queuePattern: `${prefix}-y`,
      condition: "not_empty",
      forSeconds: 0,
      webhookUrl: "",
    });
    expect((await call(testRoute, { method: "POST", params: { id: none.id } })).json).toMatchObject({
      configured: false,
      ok: false,
    });
  });
});
