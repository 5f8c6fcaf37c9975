import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { route } from "@/lib/api/route";
import { resetAccountConfigs } from "@/lib/azure/accounts";
import { loadAuthConfig } from "@/lib/config/auth";

// No state store here: local mode without reading it, and an audit log that takes everything.
vi.mock("@/lib/auth/ready", () => ({ authReady: async () => loadAuthConfig({ env: process.env }) }));
vi.mock("@/lib/auth/audit", () => ({ beginAudit: async (entry: unknown) => ({ entry }), finishAudit: async () => {} }));

const echo = route("operator", async (ctx) =>
  Response.json({ account: ctx.account().id, body: await ctx.body(z.object({ n: z.number() })) }),
);
const call = (init: { method?: string; headers?: Record<string, string>; body?: string; account?: string }) =>
  echo(
    new NextRequest("http://127.0.0.1:3000/api/x", {
      method: init.method ?? "POST",
      headers: { host: "127.0.0.1:3000", ...init.headers },
      body: init.body,
    }),
    {
      params: Promise.resolve({ account: init.account ?? "local" }),
    },
  );

afterEach(() => {
  delete process.env.QUEUESCOPE_ACCOUNTS;
  resetAccountConfigs();
});

describe("route()", () => {
  it("runs a same-origin mutation", async () => {
    const res = await call({ headers: { origin: "http://127.0.0.1:3000" }, body: '{"n":1}' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ account: "local", body: { n: 1 } });
  });

  it.each([
    [{ origin: "https://evil.example" }],
    [{ origin: "null" }],
    [{ origin: "http://127.0.0.1:3001" }],
    [{ "sec-fetch-site": "cross-site" }],
    [{ origin: "not a url" }],
  ])("refuses a cross-origin mutation %j with 403 forbidden", async (headers) => {
    const res = await call({ headers, body: '{"n":1}' });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe("forbidden");
  });

  it("lets a GET through whatever its origin", async () => {
    const res = await call({ method: "GET", headers: { origin: "https://evil.example" } });
    expect(res.status).not.toBe(403);
  });

  it.each([
    ["{not json", "validation_failed", 400],
    ['{"n":"one"}', "validation_failed", 400],
    [JSON.stringify({ n: 1, pad: "x".repeat(1024 * 1024) }), "payload_too_large", 413],
  ])("answers %s… with %s", async (body, code, status) => {
    const res = await call({ body });
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });

  it("names the field in validation details", async () => {
    const res = await call({ body: '{"n":"one"}' });
    expect((await res.json()).error.details.issues[0].path).toBe("body.n");
  });

  it("answers 404 account_not_found for unknown and malformed accounts", async () => {
    for (const account of ["nope", "../../etc", "UPPER"]) {
      const res = await call({ account, body: '{"n":1}' });
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe("account_not_found");
    }
  });
});

describe("route() body limit", () => {
  it("refuses a chunked body without Content-Length once it passes 1 MiB", async () => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(256 * 1024).fill(32));
        if (pulled > 64) controller.close();
      },
    });
    const req = new NextRequest("http://127.0.0.1:3000/api/x", {
      method: "POST",
      headers: { host: "127.0.0.1:3000" },
      body,
      duplex: "half",
    } as unknown as ConstructorParameters<typeof NextRequest>[1]);
    const res = await echo(req, { params: Promise.resolve({ account: "local" }) });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe("payload_too_large");
    expect(pulled).toBeLessThan(10);
  });
});
