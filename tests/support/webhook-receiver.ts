// A real HTTP server on a free loopback port standing in for Slack, Teams or a pager: it records
// every POST and answers as told (200, a status, or accepts the request and never answers).
import http from "node:http";
import net from "node:net";
import type { AddressInfo } from "node:net";

export type ReceiverMode = "ok" | "hang" | number;

export interface ReceivedHook {
  at: number;
  path: string;
  body: Record<string, unknown>;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedHook[];
  /** What the next requests get; a function picks per request (1-based). */
  answer(mode: ReceiverMode | ((n: number) => ReceiverMode)): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = "/hooks/T000/B000/s3cr3t-token"): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  let pick: (n: number) => ReceiverMode = () => "ok";
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      let body: Record<string, unknown> = {};
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      } catch {
        body = { unparsable: true };
      }
      received.push({ at: Date.now(), path: req.url ?? "", body });
      const mode = pick(received.length);
      if (mode === "hang") return void hanging.add(res);
      const status = mode === "ok" ? 200 : mode;
      res.writeHead(status, { "content-type": "text/plain" }).end(status < 300 ? "ok" : "nope");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    answer(mode) {
      pick = typeof mode === "function" ? mode : () => mode;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback URL nothing listens on (connections are refused). */
export async function refusedUrl(): Promise<string> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/hook`;
}
