// The connection-layer gate in front of `next start`. Once the Next server is busy, the kernel
// hands it a new connection only as another finishes, so a flood of connections queued another
// user's first request in the accept queue for minutes (issue 14), where no admission inside the
// app can reach it; refusing inside Next also costs ~9 ms a request. This process does nothing but
// accept, count and relay, so it accepts at full speed, refuses a client's excess at once, and
// hands Next only what it will serve, over a few kept-alive connections.
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * Requests of one client in flight through the gate. A browser opens ~6 connections per host and
 * holds a listing stream or two besides; 16 leaves it room while the app's own admission (4 in
 * flight and 16 waiting per client) decides the order among what gets through.
 */
export const PER_CLIENT_IN_FLIGHT = 16;

/** Kept-alive connections to Next: enough for the app's 12 admitted requests plus cheap ones. */
export const UPSTREAM_SOCKETS = 64;

/** The session cookie's name (lib/auth/session.ts SESSION_COOKIE; that module is server-only). */
export const SESSION_COOKIE = "qs_session";

// Hop-by-hop headers (RFC 9110 §7.6.1) belong to one connection; Node frames each side itself.
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "transfer-encoding",
  "te",
  "trailer",
  "upgrade",
  // Answered (or not) by each side itself: Node's server already sent the client its 100 Continue.
  "expect",
  "x-forwarded-for",
]);

export interface GateOptions {
  upstream: { host: string; port: number };
  perClient?: number;
  sockets?: number;
}

function envelope(code: string, message: string, details: unknown): string {
  return JSON.stringify({ error: { code, message, details } });
}

function sessionCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

/**
 * Who a request counts against: the session, else the bearer token, else the peer and its user
 * agent. Behind a load balancer every peer is the balancer, so only the first two tell users apart.
 */
export function clientKeyOf(req: http.IncomingMessage): string {
  const session = sessionCookie(req.headers.cookie);
  if (session) return `s:${session.slice(0, 512)}`;
  const auth = req.headers.authorization;
  if (auth) return `a:${auth.slice(0, 512)}`;
  return `p:${req.socket.remoteAddress ?? ""}|${(req.headers["user-agent"] ?? "").slice(0, 256)}`;
}

function forwardedHeaders(raw: string[], peer: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
  }
  // Overwritten, never appended: the app keys local-mode clients by its first hop.
  out.push("X-Forwarded-For", peer);
  return out;
}

function responseHeaders(raw: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    if (!HOP_BY_HOP.has(raw[i]!.toLowerCase())) out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}

function refuse(res: http.ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, {
    "content-type": "application/json",
    "cache-control": "no-store",
    "content-length": Buffer.byteLength(body),
    ...extra,
  });
  res.end(body);
}

/** Below the upstream's keep-alive timeout (Node's default, which `next start` keeps: 5 s). */
export const UPSTREAM_IDLE_MS = 4_000;

export function createGate({ upstream, perClient = PER_CLIENT_IN_FLIGHT, sockets = UPSTREAM_SOCKETS }: GateOptions) {
  // An idle pooled socket is closed here before Next closes it (Node's keep-alive timeout, 5 s):
  // a request sent on a socket the upstream is closing at that moment fails with a reset, which
  // the gate could only answer with a 502 (seen in CI: a job's cancel lost that way).
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets: sockets,
    maxFreeSockets: sockets,
    timeout: UPSTREAM_IDLE_MS,
  });
  const inFlight = new Map<string, number>();

  const server = http.createServer((req, res) => {
    const key = clientKeyOf(req);
    const mine = inFlight.get(key) ?? 0;
    if (mine >= perClient) {
      // The body is not read: closing after the answer keeps an unread upload off the socket.
      res.shouldKeepAlive = false;
      refuse(
        res,
        429,
        envelope("rate_limited", "Too many requests from you at once. Try again in a moment.", {
          retryAfterSeconds: 1,
          reason: "client",
        }),
        { "retry-after": "1" },
      );
      req.resume();
      return;
    }
    inFlight.set(key, mine + 1);
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const left = (inFlight.get(key) ?? 1) - 1;
      if (left > 0) inFlight.set(key, left);
      else inFlight.delete(key);
    };

    const proxied = http.request({
      agent,
      host: upstream.host,
      port: upstream.port,
      method: req.method,
      // The raw request target: Next must see malformed escapes exactly as the client sent them.
      path: req.url,
      headers: forwardedHeaders(req.rawHeaders, req.socket.remoteAddress ?? ""),
      setHost: false,
    });
    proxied.on("response", (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, responseHeaders(answer.rawHeaders));
      answer.pipe(res);
      answer.on("error", () => res.destroy());
    });
    proxied.on("error", () => {
      release();
      if (res.headersSent) return void res.destroy();
      if (res.destroyed) return;
      refuse(
        res,
        502,
        envelope("server_unavailable", "The dashboard server did not answer. Try again in a moment.", {
          retryAfterSeconds: 1,
        }),
        { "retry-after": "1" },
      );
    });
    // Ends for good when the answer is sent or the client went away; a client gone early must
    // not leave Next working for nobody.
    res.on("close", () => {
      release();
      if (!res.writableFinished) proxied.destroy();
    });
    req.pipe(proxied);
  });
  // Many idle browsers are cheap here; Next's own timeouts apply to what it serves.
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = 60_000;
  server.requestTimeout = 0;

  return {
    server,
    stats: () => ({ clients: inFlight.size, inFlight: [...inFlight.values()].reduce((a, b) => a + b, 0) }),
    listen: (port: number, host: string) =>
      new Promise<AddressInfo>((resolve, reject) => {
        server.once("error", reject);
        server.listen({ port, host, backlog: 2048 }, () => {
          server.off("error", reject);
          resolve(server.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}
