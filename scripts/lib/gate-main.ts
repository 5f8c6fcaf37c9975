// The gate as a process of its own, for the bench and the tests (npm start runs it in its own
// process): `--upstream <port>` is Next on 127.0.0.1; it listens on a free loopback port and
// prints `gate listening on <port>` once it does. Exits when its parent's stdin closes.
import { createGate } from "./gate";

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const gate = createGate({
  upstream: { host: "127.0.0.1", port: Number(arg("upstream")) },
  perClient: arg("per-client") ? Number(arg("per-client")) : undefined,
});
const { port } = await gate.listen(Number(arg("port") ?? 0), "127.0.0.1");
console.log(`gate listening on ${port}`);
process.stdin.resume();
process.stdin.on("end", () => process.exit(0));
