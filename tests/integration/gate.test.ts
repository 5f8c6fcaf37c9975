// Issue 14: the connection-layer gate in front of Next (scripts/lib/gate.ts). Real processes on
// free loopback ports: the gate as npm start runs it, and a stand-in for a busy Next that reads
// the real Azurite and serves one request at a time, so without the gate a flood's connections
// queue another client's request behind all of theirs.
import type { ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import http from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnListening, startGateProcess } from "@/bench/support";
import { PER_CLIENT_IN_FLIGHT } from "@/scripts/lib/gate";
import { azuriteUrl, emulatorService, uniquePrefix } from "../support/api";

const queue = uniquePrefix("gate");
const FLOOD = 100;
let upstream: { port: number; child: ChildProcess };
let gate: { port: number; child: ChildProcess };

function startUpstream() {
  return spawnListening(path.join(import.meta.dirname, "../support/gate-upstream.ts"), [], {
    ...process.env,
    AZURITE_URL: azuriteUrl(),
    QUEUE: queue,
  });
}

interface Raw {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** performance.now() when the answer had been read to the end. */
  at: number;
}

/** One request on a connection of its own, the path sent byte for byte (fetch would normalise it). */
function request(
  port: number,
  target: string,
  { method = "GET", headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: Buffer } = {},
): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: target, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({
          status: res.statusCode!,
          headers: res.headers,
          body: Buffer.concat(chunks).toString(),
          at: performance.now(),
        }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

beforeAll(async () => {
  const client = emulatorService().getQueueClient(queue);
  await client.create();
  await client.sendMessage(JSON.stringify({ orderId: "ord-1" }));
  upstream = await startUpstream();
  gate = await startGateProcess(upstream.port);
});

afterAll(() => {
  gate?.child.kill("SIGKILL");
  upstream?.child.kill("SIGKILL");
});

describe("the gate in front of a busy server", () => {
  it("one client flooding: another client's request completes before the flood's last answer; the excess gets 429 + Retry-After, never a 5xx", async () => {
    const flooder = { cookie: "qs_session=flooder.session.value", "user-agent": "flood" };
    const statuses: number[] = [];
    const refusals: Raw[] = [];
    // A runaway script: every one of its requests retries until it is served, ignoring Retry-After.
    const floodOne = async (): Promise<Raw> => {
      for (;;) {
        const r = await request(gate.port, "/api/peek", { headers: flooder });
        statuses.push(r.status);
        if (r.status !== 429) return r;
        refusals.push(r);
        await new Promise((res) => setTimeout(res, 100));
      }
    };
    const flood = Array.from({ length: FLOOD }, floodOne);
    await new Promise((r) => setTimeout(r, 200));
    const other = await request(gate.port, "/api/peek", { headers: { cookie: "qs_session=other.session" } });
    const served = await Promise.all(flood);

    expect(other.status).toBe(200);
    expect(JSON.parse(other.body).messages).toEqual([JSON.stringify({ orderId: "ord-1" })]);
    expect(other.at).toBeLessThan(Math.max(...served.map((r) => r.at)));
    // Served behind the flood's share in flight, not behind the whole flood (as it is with no gate).
    expect(served.filter((r) => r.at > other.at).length).toBeGreaterThanOrEqual(FLOOD / 2);
    expect(served.every((r) => r.status === 200)).toBe(true);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(refusals.length).toBeGreaterThan(FLOOD - PER_CLIENT_IN_FLIGHT);
    for (const r of refusals.slice(0, 20)) {
      expect(r.headers["retry-after"]).toBe("1");
      expect(r.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(r.body)).toEqual({
        error: {
          code: "rate_limited",
          message: expect.any(String),
          details: { retryAfterSeconds: 1, reason: "client" },
        },
      });
    }
  });

  it("counts a bearer token, and a peer by its user agent, apart from a flooding session", async () => {
    const flooding = Array.from({ length: PER_CLIENT_IN_FLIGHT * 3 }, () =>
      request(gate.port, "/api/peek", { headers: { cookie: "qs_session=flooder2" } }),
    );
    const [token, agent] = await Promise.all([
      request(gate.port, "/api/peek", { headers: { authorization: "Bearer qst_other" } }),
      request(gate.port, "/api/peek", { headers: { "user-agent": "browser" } }),
    ]);
    const answers = await Promise.all(flooding);
    expect([token.status, agent.status]).toEqual([200, 200]);
    expect(answers.filter((r) => r.status === 429).length).toBeGreaterThan(0);
  });
});

describe("what the gate forwards", () => {
  it("forwards malformed % escapes byte for byte, every header with Host, and sets X-Forwarded-For to the peer", async () => {
    for (const target of ["/api/jobs/%ZZ", "/api/accounts/%ZZ/queues?x=%E0%A4%A", "/accounts/nope/queues/%"]) {
      const r = await request(gate.port, target, {
        method: "DELETE",
        headers: { host: "localhost:3000", "x-forwarded-for": "6.6.6.6", "x-custom": "kept", cookie: "a=b" },
      });
      expect(r.status).toBe(200);
      const seen = JSON.parse(r.body);
      expect(seen).toMatchObject({
        method: "DELETE",
        url: target,
        headers: { host: "localhost:3000", "x-custom": "kept", cookie: "a=b", "x-forwarded-for": "127.0.0.1" },
      });
    }
  });

  it("streams a 20 MiB request body through intact", async () => {
    const body = randomBytes(20 * 1024 * 1024);
    const r = await request(gate.port, "/upload", {
      method: "POST",
      headers: { "content-type": "application/octet-stream", "content-length": String(body.length) },
      body,
    });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ bytes: body.length, sha256: createHash("sha256").update(body).digest("hex") });
  });

  it("streams an answer without buffering it, and aborts the upstream request when the client goes away", async () => {
    // The first line arrives while the upstream still holds the rest back: nothing waits for the end.
    const lines: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const req = http.get({ host: "127.0.0.1", port: gate.port, path: "/stream", agent: false }, (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => {
          text += chunk.toString();
          if (lines.length === 0 && text.includes("\n")) {
            lines.push(text.split("\n")[0]!);
            void request(gate.port, "/release");
          }
        });
        res.on("end", () => {
          lines.splice(0, lines.length, ...text.trim().split("\n"));
          resolve();
        });
      });
      req.on("error", reject);
    });
    expect(lines.map((l) => JSON.parse(l).line)).toEqual([1, 2, 3, 4, 5]);

    const before = JSON.parse((await request(gate.port, "/aborted")).body).aborted as number;
    await new Promise<void>((resolve) => {
      const req = http.get({ host: "127.0.0.1", port: gate.port, path: "/stream", agent: false }, (res) => {
        res.once("data", () => {
          req.destroy();
          resolve();
        });
      });
      req.on("error", () => undefined);
    });
    await expect
      .poll(async () => JSON.parse((await request(gate.port, "/aborted")).body).aborted, { timeout: 5_000 })
      .toBe(before + 1);
  });

  it("answers 502 with the envelope, not a hang, when the server behind it dies (kill -9), in flight or after", async () => {
    const inFlight = request(gate.port, "/hang");
    await new Promise((r) => setTimeout(r, 200));
    upstream.child.kill("SIGKILL");
    for (const r of [await inFlight, await request(gate.port, "/api/peek")]) {
      expect(r.status).toBe(502);
      expect(r.headers["content-type"]).toBe("application/json");
      expect(JSON.parse(r.body)).toEqual({
        error: { code: "server_unavailable", message: expect.any(String), details: { retryAfterSeconds: 1 } },
      });
    }
  });
});
