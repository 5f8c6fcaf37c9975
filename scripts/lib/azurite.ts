// Starts Azurite's queue service as a child process and reports the URL it listens on.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { EMULATOR_ACCOUNT_NAME } from "../../lib/config/accounts";

const require = createRequire(import.meta.url);

export interface AzuriteProcess {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:10001 */
  origin: string;
  /** The emulator account's queue endpoint. */
  accountUrl: string;
  port: number;
  stop(): Promise<void>;
}

export function azuriteQueueMain(): string {
  return path.join(path.dirname(require.resolve("azurite/package.json")), "dist", "src", "queue", "main.js");
}

/** Starts Azurite; `port` 0 lets the OS pick a free one. `location` undefined keeps data in memory. */
export async function startAzurite(opts: { port?: number; location?: string; host?: string; timeoutMs?: number } = {}): Promise<AzuriteProcess> {
  const args = [azuriteQueueMain(), "--queueHost", opts.host ?? "127.0.0.1", "--queuePort", String(opts.port ?? 0), "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose"];
  if (opts.location) {
    mkdirSync(opts.location, { recursive: true });
    args.push("--location", opts.location);
  } else {
    args.push("--inMemoryPersistence");
  }
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const origin = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`Azurite did not start within ${opts.timeoutMs ?? 30_000} ms:\n${output}`)), opts.timeoutMs ?? 30_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /successfully listens on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!.replace(/\/$/, ""));
      } else if (/EADDRINUSE/.test(output)) {
        fail(new Error(`Azurite's port ${opts.port} is already in use.`));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => fail(new Error(`Azurite exited with code ${code} before it was ready:\n${output}`)));
  });
  child.removeAllListeners("exit");
  const port = Number(new URL(origin).port);
  return {
    child,
    origin,
    port,
    accountUrl: `${origin}/${EMULATOR_ACCOUNT_NAME}`,
    stop: () => stopChild(child),
  };
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. */
export function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
