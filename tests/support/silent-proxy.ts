// A TCP proxy in front of a real service that can go silent: it keeps accepting connections and
// reading nothing, and stops passing bytes on the connections it has, the way a dropped network
// path behaves (unlike a refused connection, which fails at once).
import net from "node:net";

export interface SilentProxy {
  /** http://127.0.0.1:<port> */
  origin: string;
  silence(): void;
  resume(): void;
  close(): Promise<void>;
}

export async function startSilentProxy(upstream: string, opts: { silent?: boolean } = {}): Promise<SilentProxy> {
  const target = new URL(upstream);
  let silent = opts.silent ?? false;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on("close", () => sockets.delete(client));
    client.on("error", () => undefined);
    const server = net.connect(Number(target.port), target.hostname);
    sockets.add(server);
    server.on("close", () => sockets.delete(server));
    server.on("error", () => client.destroy());
    client.on("data", (chunk) => void (!silent && server.write(chunk)));
    server.on("data", (chunk) => void (!silent && client.write(chunk)));
    client.on("end", () => server.end());
    server.on("end", () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    silence: () => void (silent = true),
    resume: () => void (silent = false),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
