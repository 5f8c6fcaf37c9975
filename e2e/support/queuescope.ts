// Starts Queuescope the way `npm start` does (`node --conditions=react-server --import tsx scripts/start.ts`), on a free port with its own
// data directory, and stops it the way its own message says to (`kill <pid from the lock file>`).
// Used by the global setup and by specs that need an instance of their own (a killed emulator,
// another account configuration, the start script's refusals).
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { sourceFingerprint } from "../../scripts/lib/build";

export const ROOT = path.resolve(import.meta.dirname, "..", "..");
const START_SCRIPT = path.join("scripts", "start.ts");

/** Set by the global setup: the sources the shared instance was built from. */
export const FINGERPRINT_ENV = "QUEUESCOPE_E2E_FINGERPRINT";

/** Variables that would make a spawned start use something other than the embedded emulator. */
const CONFIG_VARS = [
  "AZURE_STORAGE_CONNECTION_STRING",
  "QUEUESCOPE_ACCOUNTS",
  "QUEUESCOPE_EMULATOR_URL",
  "PORT",
  "HOSTNAME",
];

export interface QueuescopeLock {
  pid: number;
  url: string;
  azuritePid?: number;
  nextPid?: number;
}

export interface QueuescopeInstance {
  url: string;
  dataDir: string;
  process: ChildProcess;
  lock(): QueuescopeLock;
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment; `undefined` values remove a variable. */
  env?: Record<string, string | undefined>;
  /** Defaults to a fresh temp dir, removed again by stop(). */
  dataDir?: string;
  port?: number;
  timeoutMs?: number;
}

/** A port the OS reports free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function tempDir(label: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `queuescope-e2e-${label}-`));
}

export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const ANSI = /\x1b\[[0-9;]*m/g;

function startEnv(port: number, dataDir: string, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARS) delete env[name];
  // Playwright's own loader hooks must not leak into the app's Node processes.
  if (env.NODE_OPTIONS?.includes("playwright")) delete env.NODE_OPTIONS;
  Object.assign(env, {
    PORT: String(port),
    HOSTNAME: "127.0.0.1",
    QUEUESCOPE_DATA_DIR: dataDir,
    QUEUESCOPE_EMULATOR_PORT: "0",
    NEXT_TELEMETRY_DISABLED: "1",
    NO_COLOR: "1",
  });
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

function spawnStart(env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; closed: Promise<void> } {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", START_SCRIPT], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const collect = (chunk: Buffer) => {
    text += chunk.toString().replace(ANSI, "");
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const closed = new Promise<void>((resolve) => child.once("close", () => resolve()));
  return { child, output: () => text, closed };
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** The lock file in `dataDir` if the start listening on `port` wrote it (not another instance). */
function ownLock(dataDir: string, port: number): QueuescopeLock | undefined {
  try {
    const lock = JSON.parse(readFileSync(path.join(dataDir, "queuescope.lock.json"), "utf8")) as QueuescopeLock;
    return new URL(lock.url).port === String(port) ? lock : undefined;
  } catch {
    return undefined;
  }
}

/** SIGTERM to the start script, as its own message tells users (`kill <pid>`). */
function terminate(child: ChildProcess, lock: QueuescopeLock | undefined): void {
  if (isAlive(lock?.pid)) process.kill(lock!.pid, "SIGTERM");
  else child.kill("SIGTERM");
}

/**
 * A start whose sources differ from the shared instance's would rebuild .next underneath that
 * running server (and race any other start doing the same): refuse, with the reason.
 */
function assertSourcesUnchanged(): void {
  const expected = process.env[FINGERPRINT_ENV];
  if (expected && sourceFingerprint(ROOT) !== expected) {
    throw new Error(
      "The app's sources changed during this e2e run; a new start would rebuild .next under the running instances. Run the suite again.",
    );
  }
}

/** Starts Queuescope and resolves once it printed "ready at" and wrote its full lock file. */
export async function startQueuescope(opts: StartOptions = {}): Promise<QueuescopeInstance> {
  assertSourcesUnchanged();
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? tempDir("data");
  const port = opts.port ?? (await freePort());
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const { child, output } = spawnStart(startEnv(port, dataDir, opts.env));
  const readLock = () => {
    const lock = ownLock(dataDir, port);
    if (!lock) throw new Error(`no lock file of this instance in ${dataDir}`);
    return lock;
  };
  const running = () => child.exitCode === null && child.signalCode === null;

  // A worker that dies mid-test must not leave a dashboard and an emulator behind.
  const onExit = () => {
    if (running()) terminate(child, ownLock(dataDir, port));
  };
  process.once("exit", onExit);

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      process.removeListener("exit", onExit);
      // Absent when the start never got that far, or already shut down cleanly.
      const lock = ownLock(dataDir, port);
      if (running()) {
        terminate(child, lock);
        const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
        await exited(child);
        clearTimeout(timer);
      }
      // Only reached when the start script could not shut its children down itself.
      for (const pid of [lock?.nextPid, lock?.azuritePid, lock?.pid]) {
        if (isAlive(pid)) process.kill(pid!, "SIGKILL");
      }
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    })());

  const url = await new Promise<string>((resolve, reject) => {
    const fail = (why: string) => {
      clearInterval(poll);
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`Queuescope did not start: ${why}\n--- output ---\n${output()}`)));
    };
    const timer = setTimeout(() => fail(`no "ready at" line within ${timeoutMs / 1000} s`), timeoutMs);
    const poll = setInterval(() => {
      const match = /Queuescope is ready at (\S+)/.exec(output());
      if (match) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve(match[1]!);
      } else if (!running()) {
        fail(`the start script exited with ${child.exitCode ?? child.signalCode}`);
      }
    }, 100);
  });

  // The lock gains the child pids right after the "ready" line.
  for (let i = 0; i < 50; i++) {
    try {
      if (readLock().nextPid) break;
    } catch {
      // being written
    }
    await sleep(100);
  }

  return { url, dataDir, process: child, lock: readLock, output, stop };
}

export interface StartResult {
  code: number | null;
  output: string;
}

/**
 * Runs the start script expecting it to refuse to start; resolves with its exit code and output.
 * Should it start after all, it is stopped and the output says so.
 */
export async function runStartExpectingExit(opts: StartOptions = {}): Promise<StartResult> {
  const ownDir = !opts.dataDir;
  const dataDir = opts.dataDir ?? tempDir("refused");
  const port = opts.port ?? (await freePort());
  const { child, output, closed } = spawnStart(startEnv(port, dataDir, opts.env));
  const deadline = Date.now() + (opts.timeoutMs ?? 45_000);
  try {
    while (child.exitCode === null && child.signalCode === null) {
      if (/Queuescope is ready at/.test(output()) || Date.now() > deadline) {
        const lock = ownLock(dataDir, port);
        terminate(child, lock);
        await exited(child);
        for (const pid of [lock?.nextPid, lock?.azuritePid]) if (isAlive(pid)) process.kill(pid!, "SIGKILL");
        return { code: null, output: `${output()}\n(the start script did not exit on its own; stopped by the test)` };
      }
      await sleep(100);
    }
    // "close" comes once the pipes have delivered the last lines.
    await Promise.race([closed, sleep(2_000)]);
    return { code: child.exitCode, output: output() };
  } finally {
    if (ownDir && existsSync(dataDir)) rmSync(dataDir, { recursive: true, force: true });
  }
}
