// A TCP proxy in front of a real service that takes one request at a time: every chunk a client
// sends, on any connection, waits its turn in one line and is passed on `gapMs` after the one
// before it. That is a busy store (a flood's reads ahead of yours), not a slow network: what is
// sent first is answered first, and a request sent behind a hundred others waits for all of them.
import net from "node:net";

export interface PacedProxy {
  /** http://127.0.0.1:<port> */
  origin: string;
  /** Chunks passed on so far. */
  forwarded(): number;
  close(): Promise<void>;
}

export async function startPacedProxy(upstream: string, gapMs: number): Promise<PacedProxy> {
  const target = new URL(upstream);
  const sockets = new Set<net.Socket>();
  let line = Promise.resolve();
  let forwarded = 0;
  const server = net.createServer((client) => {
    const service = net.connect(Number(target.port), target.hostname);
    for (const s of [client, service]) {
      sockets.add(s);
      s.on("close", () => sockets.delete(s));
      s.on("error", () => undefined);
    }
    service.on("error", () => client.destroy());
    client.on("data", (chunk) => {
      line = line
        .then(() => new Promise((r) => setTimeout(r, gapMs)))
        .then(() => {
          forwarded++;
          if (service.writable) service.write(chunk);
        });
    });
    client.on("end", () => void line.then(() => service.end()));
    service.on("data", (chunk) => client.writable && client.write(chunk));
    service.on("end", () => client.end());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    forwarded: () => forwarded,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
