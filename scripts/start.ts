// `npm start`: validates configuration, builds if needed, starts the embedded Azurite when no
// account or no state store is configured (seeding its queues once), then serves the dashboard.
// Ctrl-C stops both. Next listens on a private loopback port behind the gate (scripts/lib/gate.ts),
// which alone listens on the public one. Runs with the react-server condition: it asks the state store (through
// lib/auth) whether local users exist, which decides between local mode and sign-in.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { ConfigError, loadAccountConfigs } from "../lib/config/accounts";
import { loadAuthConfig, type AuthConfig } from "../lib/config/auth";
import { startAzurite, stopChild, type AzuriteProcess } from "./lib/azurite";
import { createGate } from "./lib/gate";
import { signInMode } from "./lib/sign-in-mode";
import { buildIfNeeded } from "./lib/build";
import { seedDemo } from "./lib/seed";

const root = path.resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const port = Number(process.env.PORT || 3000);
const host = process.env.HOSTNAME || "127.0.0.1";
const dataDir = path.resolve(root, process.env.QUEUESCOPE_DATA_DIR || ".data");
const lockFile = path.join(dataDir, "queuescope.lock.json");
const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

function fail(message: string): never {
  console.error(`Queuescope: ${message}`);
  process.exit(1);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** True when `pid` is one of the processes an earlier start spawned (not a recycled pid). */
function isOurChild(pid: number | undefined): pid is number {
  if (!pid || !isAlive(pid)) return false;
  try {
    return /azurite|next-server|next[/\\]dist/.test(readFileSync(`/proc/${pid}/cmdline`, "utf8"));
  } catch {
    return false;
  }
}

async function checkNotRunning(): Promise<void> {
  if (!existsSync(lockFile)) return;
  let lock: { pid: number; url: string; nextPid?: number; azuritePid?: number };
  try {
    lock = JSON.parse(readFileSync(lockFile, "utf8"));
  } catch {
    return; // an unreadable lock is stale; it is overwritten below
  }
  if (lock.pid !== process.pid && isAlive(lock.pid)) {
    fail(
      `already running (pid ${lock.pid}) at ${lock.url}. Open that, or stop it first (Ctrl-C in its terminal, or kill ${lock.pid}).`,
    );
  }
  // The last start died without stopping its children: they would hold the port and the data.
  const leftovers = [lock.nextPid, lock.azuritePid].filter(isOurChild);
  for (const pid of leftovers) {
    console.log(`Queuescope: stopping process ${pid} left behind by an earlier start.`);
    process.kill(pid, "SIGTERM");
  }
  for (let i = 0; i < 50 && leftovers.some(isAlive); i++) await new Promise((r) => setTimeout(r, 100));
}

function checkPortFree(): Promise<void> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", (err: NodeJS.ErrnoException) => {
      fail(
        err.code === "EADDRINUSE"
          ? `port ${port} on ${host} is already in use by another program. Choose another: PORT=${port + 1} npm start`
          : `cannot listen on ${host}:${port} (${err.code ?? err.message}).`,
      );
    });
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** A port free on loopback now, for Next behind the gate (only the gate listens on the public one). */
function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port: free } = server.address() as net.AddressInfo;
      server.close(() => resolve(free));
    });
  });
}

async function waitForReady(url: string, child: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error("the dashboard server exited during start-up (see above).");
    try {
      // Answers 200 whoever asks (signed in or not), once the app and its configuration are up.
      const res = await fetch(`${url}/api/auth/me`, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  // Thrown, not fail(): the caller stops the children it started.
  throw new Error(`the dashboard did not answer within ${timeoutMs / 1000} s.`);
}

function describeAuth(auth: AuthConfig): string {
  if (auth.mode === "local") return "no sign-in configured: single-user local mode (admin), loopback only";
  if (auth.mode === "proxy")
    return `trusted-header sign-in: user from the ${auth.proxy!.userHeader} header (only safe behind the authenticating proxy)`;
  return `sign-in with ${[auth.hasUsers ? "local users (in the state store)" : "", auth.oidc ? `OpenID Connect (${auth.oidc.issuer})` : ""].filter(Boolean).join(" and ")}`;
}

async function main(): Promise<void> {
  let emulator: boolean;
  let auth: AuthConfig;
  try {
    const accounts = loadAccountConfigs({ env: process.env, readFile: (p) => readFileSync(p, "utf8") });
    emulator = accounts.length === 1 && accounts[0]!.kind === "emulator";
    auth = loadAuthConfig({ env: process.env });
  } catch (err) {
    if (err instanceof ConfigError) fail(`invalid configuration: ${err.message}`);
    throw err;
  }
  // Keys, sessions, audit and exported messages live here: the owner only.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  await checkNotRunning();
  await checkPortFree();
  const url = `http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${port}`;
  writeFileSync(lockFile, JSON.stringify({ pid: process.pid, url }));

  let azurite: AzuriteProcess | undefined;
  let next: ChildProcess | undefined;
  let gate: ReturnType<typeof createGate> | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // The dashboard first: on SIGTERM its jobs release what they hold and checkpoint, and its
    // samplers hand their leases back, all through the emulator. Stopped together, the emulator
    // went first, and a restarted or other instance waited out the leases and the visibility.
    await Promise.all([next && stopChild(next), gate?.close()]);
    await azurite?.stop();
    rmSync(lockFile, { force: true });
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));

  try {
    if (!dev) buildIfNeeded(root);
    if (stopping) return;
    // NEXT_MANUAL_SIG_HANDLE: on SIGTERM Next would exit as soon as its server closed, cutting
    // off the hand-over of jobs and sampler leases (lib/jobs/boot.ts) mid-way.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      NEXT_MANUAL_SIG_HANDLE: "true",
      PORT: String(port),
      HOSTNAME: host,
    };
    const embeddedState = !process.env.QUEUESCOPE_STATE_CONNECTION_STRING && !process.env.QUEUESCOPE_STATE_ACCOUNT_URL;
    if (emulator || embeddedState) {
      const location = path.join(dataDir, "azurite");
      const preferred = Number(process.env.QUEUESCOPE_EMULATOR_PORT ?? 10001);
      azurite = await startAzurite(
        preferred ? { port: preferred, blobPort: preferred - 1, tablePort: preferred + 1, location } : { location },
      ).catch(() => startAzurite({ location }));
      if (stopping) return void (await azurite.stop());
      azurite.child.once("exit", (code) => {
        if (!stopping)
          console.error(
            `Queuescope: the embedded Azurite stopped (code ${code}); the dashboard stays up and shows it as unreachable.`,
          );
      });
    }
    if (azurite && embeddedState) {
      env.QUEUESCOPE_STATE_CONNECTION_STRING = azurite.stateConnectionString;
      console.log(
        `Queuescope: state (jobs, audit, users, sessions) in the embedded Azurite's blob and table services (data in ${path.join(dataDir, "azurite")})`,
      );
    }
    auth = await signInMode(env);
    if (auth.mode === "local" && !LOOPBACK.has(host)) {
      throw new Error(
        `sign-in is not configured, so Queuescope listens on loopback only (got HOSTNAME=${host}). ` +
          "Use HOSTNAME=127.0.0.1, or configure sign-in first: add users with `npm run user:add -- <name> --role admin`, " +
          "or set QUEUESCOPE_OIDC_ISSUER/CLIENT_ID/CLIENT_SECRET/ROLES for Entra ID, or QUEUESCOPE_PROXY_USER_HEADER and QUEUESCOPE_PROXY_ROLES behind an authenticating proxy.",
      );
    }
    env.QUEUESCOPE_LOCAL_MODE = auth.mode === "local" ? "1" : "0";
    console.log(`Queuescope: ${describeAuth(auth)}${auth.readOnly ? "; read-only mode" : ""}`);
    if (azurite && emulator) {
      env.QUEUESCOPE_EMULATOR_URL = azurite.accountUrl;
      const marker = path.join(dataDir, "seeded");
      if (!existsSync(marker)) {
        await seedDemo(azurite.accountUrl);
        writeFileSync(marker, new Date().toISOString());
        console.log("Queuescope: seeded the emulator with demo queues.");
      }
      console.log(
        `Queuescope: embedded Azurite queue service at ${azurite.origin} (data in ${path.join(dataDir, "azurite")})`,
      );
    }
    const nextBin = path.join(root, "node_modules", "next", "dist", "bin", "next");
    // The dev server stays on the public port itself: its hot-reload websockets need no gate.
    const nextPort = dev ? port : await freeLoopbackPort();
    const nextHost = dev ? host : "127.0.0.1";
    if (!dev) {
      gate = createGate({ upstream: { host: nextHost, port: nextPort } });
      await gate.listen(port, host);
    }
    next = spawn(process.execPath, [nextBin, dev ? "dev" : "start", "-H", nextHost, "-p", String(nextPort)], {
      cwd: root,
      env,
      stdio: ["ignore", "inherit", "inherit"],
    });
    next.once("exit", (code) => {
      if (!stopping) {
        console.error(`Queuescope: the dashboard server exited (code ${code}).`);
        void shutdown(code ?? 1);
      }
    });
    await waitForReady(url, next);
    console.log(`\nQueuescope is ready at ${url}  (Ctrl-C to stop)\n`);
    // The state store's address lets `npm run user:add` write through this running instance's emulator.
    writeFileSync(
      lockFile,
      JSON.stringify({
        pid: process.pid,
        url,
        azuritePid: azurite?.child.pid,
        nextPid: next.pid,
        stateConnectionString: azurite && embeddedState ? azurite.stateConnectionString : undefined,
      }),
      { mode: 0o600 },
    );
  } catch (err) {
    console.error(`Queuescope: could not start: ${(err as Error).message}`);
    await shutdown(1);
  }
}

void main();
