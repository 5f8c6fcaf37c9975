// GET /api/metrics with sign-in configured (local users in the state store): in local mode
// everyone is a viewer, so only here can the scrape token's check fail. No credentials and a wrong
// token are refused; QUEUESCOPE_METRICS_TOKEN, or a viewer's session, reads Prometheus text.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as metricsRoute } from "@/app/api/metrics/route";
import { setTestEnv } from "../support/api";
import { configureSignIn, send, sessionFor, USERS } from "../support/auth";
import { parsePrometheusText } from "../support/prometheus-parser";

const TOKEN = "scrape-token-for-prometheus-1";
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe("GET /api/metrics with sign-in configured", () => {
  beforeAll(async () => {
    await configureSignIn("metrics", { env: { QUEUESCOPE_METRICS_TOKEN: TOKEN } });
  });
  afterAll(() => setTestEnv({ QUEUESCOPE_METRICS_TOKEN: undefined }));

  it("refuses a request with no credentials", async () => {
    const res = await send(metricsRoute);
    expect(res.status, res.text).toBe(401);
    expect(res.json.error.code).toBe("unauthorized");
    expect(res.text).not.toContain("queuescope_");
  });

  it.each([
    ["a wrong token", `${TOKEN}x`],
    ["the token's prefix", TOKEN.slice(0, -1)],
    ["an empty-looking token", "-"],
  ])("refuses %s", async (_, token) => {
    const res = await send(metricsRoute, bearer(token));
    expect(res.status, res.text).toBe(401);
    expect(res.text).not.toContain("queuescope_");
  });

  it("answers Prometheus text to QUEUESCOPE_METRICS_TOKEN, with no session", async () => {
    const res = await send(metricsRoute, bearer(TOKEN));
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const names = parsePrometheusText(res.text).map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining(["queuescope_queue_messages", "queuescope_jobs_finished_total"]));
  });

  it("answers a signed-in viewer too", async () => {
    const res = await send(metricsRoute, { cookie: await sessionFor(USERS.viewer) });
    expect(res.status, res.text).toBe(200);
    expect(() => parsePrometheusText(res.text)).not.toThrow();
  });

  it("refuses every bearer token as a scrape token when QUEUESCOPE_METRICS_TOKEN is not set", async () => {
    setTestEnv({ QUEUESCOPE_METRICS_TOKEN: undefined });
    try {
      const res = await send(metricsRoute, bearer(TOKEN));
      expect(res.status, res.text).toBe(401);
    } finally {
      setTestEnv({ QUEUESCOPE_METRICS_TOKEN: TOKEN });
    }
  });
});
