// The gate's pooled sockets to Next: an idle one is closed by the gate before the upstream's
// keep-alive timeout, so no request is ever written to a socket the upstream is closing (which
// answers a reset, and the client a 502).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createGate, UPSTREAM_IDLE_MS } from "../../scripts/lib/gate";

let upstream: http.Server;
let gate: ReturnType<typeof createGate>;
let gateUrl: string;
let connections = 0;

beforeAll(async () => {
  upstream = http.createServer((_req, res) => res.end("ok"));
  upstream.on("connection", () => connections++);
  // Node's default, as under `next start`.
  upstream.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  gate = createGate({ upstream: { host: "127.0.0.1", port: (upstream.address() as AddressInfo).port } });
  const { port } = await gate.listen(0, "127.0.0.1");
  gateUrl = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  gate?.server.close();
  upstream?.closeAllConnections();
  await new Promise((resolve) => upstream?.close(resolve));
});

it("closes an idle upstream socket before the upstream would, and opens a fresh one for the next request", async () => {
  expect(UPSTREAM_IDLE_MS).toBeLessThan(upstream.keepAliveTimeout);
  expect(await (await fetch(gateUrl)).text()).toBe("ok");
  expect(await (await fetch(gateUrl)).text()).toBe("ok");
  // Reused while fresh.
  expect(connections).toBe(1);
  // Idle past the gate's limit, still inside the upstream's: the gate has closed its socket.
  await new Promise((r) => setTimeout(r, UPSTREAM_IDLE_MS + 500));
  const res = await fetch(gateUrl);
  expect(res.status).toBe(200);
  expect(connections).toBe(2);
}, 20_000);

/** One request through a gate in front of `handler`. */
async function throughGate(handler: http.RequestListener, init?: RequestInit): Promise<[number, string]> {
  const up = http.createServer(handler);
  await new Promise<void>((resolve) => up.listen(0, "127.0.0.1", resolve));
  const g = createGate({ upstream: { host: "127.0.0.1", port: (up.address() as AddressInfo).port } });
  const { port } = await g.listen(0, "127.0.0.1");
  try {
    const res = await fetch(`http://127.0.0.1:${port}`, init);
    return [res.status, await res.text()];
  } finally {
    g.server.close();
    up.closeAllConnections();
    up.close();
  }
}

it("a socket in use is never cut by that limit: an answer that starts after 5 s arrives", async () => {
  const late: http.RequestListener = (_req, res) => void setTimeout(() => res.end("late"), UPSTREAM_IDLE_MS + 1_000);
  expect(await throughGate(late, { method: "POST", body: "x" })).toEqual([200, "late"]);
}, 20_000);

it("nor a streamed answer silent for 5 s mid-body", async () => {
  const slow: http.RequestListener = (_req, res) => {
    res.write("a");
    setTimeout(() => res.end("b"), UPSTREAM_IDLE_MS + 1_000);
  };
  expect(await throughGate(slow)).toEqual([200, "ab"]);
}, 20_000);
