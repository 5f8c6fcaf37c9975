import "server-only";
import type { WebhookFormat } from "@/lib/validation/alerts";

/** What a transition says, in the contract's JSON shape. */
export interface AlertPayload {
  rule: string;
  ruleId: string;
  account: string;
  queue: string;
  condition: string;
  state: "firing" | "resolved" | "test";
  value: number;
  threshold: number;
  at: string;
  url: string;
}

/** Where a queue's page is: QUEUESCOPE_PUBLIC_URL when set (behind a proxy), else where this instance listens. */
export function queuePageUrl(account: string, queue: string): string {
  const host =
    process.env.HOSTNAME && !["0.0.0.0", "::"].includes(process.env.HOSTNAME) ? process.env.HOSTNAME : "localhost";
  const base =
    process.env.QUEUESCOPE_PUBLIC_URL?.trim().replace(/\/+$/, "") || `http://${host}:${process.env.PORT || "3000"}`;
  return `${base}/accounts/${encodeURIComponent(account)}/queues/${encodeURIComponent(queue)}`;
}

function headline(p: AlertPayload): string {
  const what = p.state === "test" ? "Test from Queuescope" : p.state === "firing" ? "FIRING" : "Resolved";
  return `${what}: ${p.rule} on ${p.account}/${p.queue} (${p.condition} ${p.threshold}, now ${p.value})`;
}

function facts(p: AlertPayload): { name: string; value: string }[] {
  return [
    { name: "Rule", value: p.rule },
    { name: "Queue", value: `${p.account}/${p.queue}` },
    { name: "State", value: p.state },
    { name: "Value", value: String(p.value) },
    { name: "Threshold", value: String(p.threshold) },
    { name: "At", value: p.at },
  ];
}

/** A Teams Workflows webhook takes a message with one Adaptive Card attachment (no MessageCard). */
function adaptiveCardMessage(p: AlertPayload) {
  return {
    type: "message",
    attachments: [
      {
        contentType: "application/vnd.microsoft.card.adaptive",
        contentUrl: null,
        content: {
          $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
          type: "AdaptiveCard",
          version: "1.4",
          body: [
            {
              type: "TextBlock",
              text: headline(p),
              weight: "Bolder",
              size: "Medium",
              wrap: true,
              color: p.state === "firing" ? "Attention" : p.state === "resolved" ? "Good" : "Accent",
            },
            { type: "FactSet", facts: facts(p).map(({ name, value }) => ({ title: name, value })) },
          ],
          actions: [{ type: "Action.OpenUrl", title: "Open in Queuescope", url: p.url }],
        },
      },
    ],
  };
}

/**
 * The request body for the receiver: our JSON, a Slack incoming-webhook message, an Adaptive Card
 * for a Teams Workflows webhook, or the legacy Office 365 connector's MessageCard.
 */
export function webhookBody(format: WebhookFormat, p: AlertPayload): unknown {
  if (format === "teams-workflow") return adaptiveCardMessage(p);
  if (format === "slack") {
    // Slack reads &, < and > in text as its own markup (links, mentions).
    const escape = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    return {
      text: escape(headline(p)),
      blocks: [
        { type: "section", text: { type: "mrkdwn", text: `*${escape(headline(p))}*` } },
        {
          type: "context",
          elements: [{ type: "mrkdwn", text: `${p.at} · <${p.url}|Open ${p.queue} in Queuescope>` }],
        },
      ],
    };
  }
  if (format === "teams") {
    return {
      "@type": "MessageCard",
      "@context": "https://schema.org/extensions",
      summary: headline(p),
      themeColor: p.state === "firing" ? "D13438" : p.state === "resolved" ? "107C10" : "0078D4",
      title: headline(p),
      sections: [{ facts: facts(p) }],
      potentialAction: [{ "@type": "OpenUri", name: "Open in Queuescope", targets: [{ os: "default", uri: p.url }] }],
    };
  }
  return p;
}

export interface PostResult {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

function describe(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; cause?: { code?: string; message?: string }; message?: string };
  if (e?.name === "TimeoutError" || e?.name === "AbortError")
    return `no answer within ${Math.round(timeoutMs / 100) / 10} s`;
  const code = e?.cause?.code;
  if (code === "ECONNREFUSED") return "connection refused";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "host name not found";
  if (code === "ECONNRESET" || code === "UND_ERR_SOCKET") return "connection reset";
  return (code ?? e?.cause?.message ?? e?.message ?? "request failed").slice(0, 200);
}

/**
 * One POST with a deadline of our own (a receiver that accepts and never answers must not hold a
 * delivery forever). Redirects are not followed: a webhook that moved should be updated, not chased.
 */
export async function postWebhook(url: string, body: unknown, timeoutMs: number): Promise<PostResult> {
  const started = performance.now();
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Queuescope-Alerts/1" },
      body: JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.timeout(timeoutMs),
    });
    await res.body?.cancel().catch(() => undefined);
    const ok = res.status >= 200 && res.status < 300;
    return {
      ok,
      status: res.status,
      error: ok ? null : `answered ${res.status}${res.statusText ? ` ${res.statusText}` : ""}`,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    return {
      ok: false,
      status: null,
      error: describe(err, timeoutMs),
      durationMs: Math.round(performance.now() - started),
    };
  }
}
