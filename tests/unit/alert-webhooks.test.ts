import { afterEach, describe, expect, it } from "vitest";
import { queuePageUrl, webhookBody, type AlertPayload } from "@/lib/metrics/alert-webhooks";

const payload: AlertPayload = {
  rule: "Orders <prod> & co",
  ruleId: "abc",
  account: "prod",
  queue: "orders-poison",
  condition: "not_empty",
  state: "firing",
  value: 3,
  threshold: 0,
  at: "2026-12-01T12:00:00.000Z",
  url: "https://qs.example.com/accounts/prod/queues/orders-poison",
};

describe("webhook bodies", () => {
  it("json is the contract's fields as they are", () => {
    expect(webhookBody("json", payload)).toEqual(payload);
  });

  it("slack has text and blocks, with Slack's markup characters escaped and a link to the queue", () => {
    const body = webhookBody("slack", payload) as {
      text: string;
      blocks: { type: string; text?: { text: string }; elements?: { text: string }[] }[];
    };
    expect(body.text).toBe("FIRING: Orders &lt;prod&gt; &amp; co on prod/orders-poison (not_empty 0, now 3)");
    expect(body.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: `*${body.text}*` } });
    expect(body.blocks[1]!.elements![0]!.text).toContain(`<${payload.url}|Open orders-poison in Queuescope>`);
  });

  it("teams-workflow is a message with one Adaptive Card: headline, facts and a link to the queue", () => {
    const body = webhookBody("teams-workflow", payload) as {
      type: string;
      attachments: { contentType: string; contentUrl: null; content: Record<string, unknown> }[];
    };
    expect(body.type).toBe("message");
    expect(body.attachments).toHaveLength(1);
    const [attachment] = body.attachments;
    expect(attachment).toMatchObject({ contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null });
    const card = attachment!.content as {
      body: { type: string; text?: string; color?: string; facts?: { title: string; value: string }[] }[];
      actions: unknown[];
    };
    expect(card).toMatchObject({
      $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
      type: "AdaptiveCard",
      version: "1.4",
    });
    expect(card.body[0]).toMatchObject({
      type: "TextBlock",
      text: "FIRING: Orders <prod> & co on prod/orders-poison (not_empty 0, now 3)",
      color: "Attention",
      wrap: true,
    });
    expect(card.body[1]!.type).toBe("FactSet");
    expect(card.body[1]!.facts).toContainEqual({ title: "Queue", value: "prod/orders-poison" });
    expect(card.body[1]!.facts).toContainEqual({ title: "Value", value: "3" });
    expect(card.actions).toEqual([{ type: "Action.OpenUrl", title: "Open in Queuescope", url: payload.url }]);
    const resolved = webhookBody("teams-workflow", { ...payload, state: "resolved" }) as typeof body;
    expect(resolved.attachments[0]!.content.body).toEqual(
      expect.arrayContaining([expect.objectContaining({ color: "Good", text: expect.stringMatching(/^Resolved: /) })]),
    );
    // No MessageCard field: a Workflows webhook refuses those.
    expect(JSON.stringify(body)).not.toMatch(/MessageCard|@type|potentialAction/);
  });

  it("teams (the legacy connector) is a MessageCard with facts and an OpenUri action, red when firing and green when resolved", () => {
    const firing = webhookBody("teams", payload) as Record<string, unknown>;
    expect(firing).toMatchObject({
      "@type": "MessageCard",
      "@context": "https://schema.org/extensions",
      themeColor: "D13438",
    });
    expect(firing.potentialAction).toEqual([
      { "@type": "OpenUri", name: "Open in Queuescope", targets: [{ os: "default", uri: payload.url }] },
    ]);
    expect((firing.sections as { facts: { name: string; value: string }[] }[])[0]!.facts).toContainEqual({
      name: "Value",
      value: "3",
    });
    expect(webhookBody("teams", { ...payload, state: "resolved" })).toMatchObject({
      themeColor: "107C10",
      title: expect.stringMatching(/^Resolved: /),
    });
  });
});

describe("queue page links", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("use QUEUESCOPE_PUBLIC_URL when set", () => {
    process.env.QUEUESCOPE_PUBLIC_URL = "https://qs.example.com/";
    expect(queuePageUrl("prod", "orders-poison")).toBe("https://qs.example.com/accounts/prod/queues/orders-poison");
  });

  it("otherwise where this instance listens (localhost for a wildcard address)", () => {
    delete process.env.QUEUESCOPE_PUBLIC_URL;
    Object.assign(process.env, { HOSTNAME: "0.0.0.0", PORT: "8080" });
    expect(queuePageUrl("local", "jobs")).toBe("http://localhost:8080/accounts/local/queues/jobs");
    process.env.HOSTNAME = "127.0.0.1";
    expect(queuePageUrl("local", "jobs")).toBe("http://127.0.0.1:8080/accounts/local/queues/jobs");
  });
});
