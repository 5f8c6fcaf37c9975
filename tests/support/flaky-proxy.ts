// An HTTP proxy in front of a real storage service that fails some requests the way a busy or
// flaky path does: it answers 503 ServerBusy without passing the request on, or passes it on and
// cuts the connection before the answer (the service did the work; the client never hears so).
import http from "node:http";
import net from "node:net";

export type Fault = "busy" | "lost-answer" | "forbidden";

export interface FlakyProxy {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Requests that went through, and the faults injected, by kind. */
  counts: { passed: number; busy: number; lostAnswer: number; forbidden: number };
  close(): Promise<void>;
}

export interface Request {
  method: string;
  path: string;
  body: string;
  /** 1-based, counted over every request. */
  n: number;
}

/** `fault(request)` decides whether a request fails, and how. */
export async function startFlakyProxy(upstream: string, fault: (r: Request) => Fault | undefined): Promise<FlakyProxy> {
  const target = new URL(upstream);
  const counts = { passed: 0, busy: 0, lostAnswer: 0, forbidden: 0 };
  const sockets = new Set<net.Socket>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let n = 0;
  const refuse = (res: http.ServerResponse, status: number, code: string) => {
    res.writeHead(status, { "x-ms-error-code": code, "content-type": "application/xml" });
    res.end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${code}</Message></Error>`);
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const kind = fault({ method: req.method ?? "GET", path: req.url ?? "/", body: body.toString("utf8"), n: ++n });
    if (kind === "busy") {
      counts.busy++;
      return refuse(res, 503, "ServerBusy");
    }
    if (kind === "forbidden") {
      counts.forbidden++;
      return refuse(res, 403, "AuthorizationFailure");
    }
    const forward = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host },
        agent,
      },
      (answer) => {
        if (kind === "lost-answer") {
          counts.lostAnswer++;
          answer.resume();
          answer.on("end", () => req.socket.destroy());
          return;
        }
        counts.passed++;
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => req.socket.destroy());
    forward.end(body);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    counts,
    close: async () => {
      for (const s of sockets) s.destroy();
      agent.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
