// Starts Azurite (queue, blob and table services) as a child process and reports where each listens.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../../lib/config/accounts";

const require = createRequire(import.meta.url);

export interface AzuriteProcess {
  child: ChildProcess;
  /** e.g. http://127.0.0.1:10001 */
  origin: string;
  /** The emulator account's queue endpoint. */
  accountUrl: string;
  port: number;
  blobOrigin: string;
  tableOrigin: string;
  /** A connection string for the blob and table services: Queuescope's embedded state store. */
  stateConnectionString: string;
  stop(): Promise<void>;
}

export function azuriteMain(): string {
  return path.join(path.dirname(require.resolve("azurite/package.json")), "dist", "src", "azurite.js");
}

export interface AzuriteOptions {
  /** The queue service's port; 0 lets the OS pick a free one. */
  port?: number;
  blobPort?: number;
  tablePort?: number;
  /** undefined keeps data in memory. */
  location?: string;
  host?: string;
  timeoutMs?: number;
}

/** Starts Azurite's three services; ports default to 0 (free ones the OS picks). */
export async function startAzurite(opts: AzuriteOptions = {}): Promise<AzuriteProcess> {
  const host = opts.host ?? "127.0.0.1";
  const args = [azuriteMain(), "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--loose"];
  for (const [service, port] of [
    ["queue", opts.port],
    ["blob", opts.blobPort],
    ["table", opts.tablePort],
  ] as const) {
    args.push(`--${service}Host`, host, `--${service}Port`, String(port ?? 0));
  }
  if (opts.location) {
    mkdirSync(opts.location, { recursive: true });
    args.push("--location", opts.location);
  } else {
    args.push("--inMemoryPersistence");
  }
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const origins = await new Promise<Record<"Queue" | "Blob" | "Table", string>>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error(`Azurite did not start within ${opts.timeoutMs ?? 30_000} ms:\n${output}`)),
      opts.timeoutMs ?? 30_000,
    );
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(err);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const found = Object.fromEntries(
        [...output.matchAll(/Azurite (Queue|Blob|Table) service is successfully listening at (http:\/\/\S+)/g)].map(
          (m) => [m[1], m[2]!.replace(/\/$/, "")],
        ),
      );
      if (found.Queue && found.Blob && found.Table) {
        clearTimeout(timer);
        resolve(found as Record<"Queue" | "Blob" | "Table", string>);
      } else if (/EADDRINUSE/.test(output)) {
        fail(new Error(`Azurite's port ${opts.port} is already in use.`));
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("exit", (code) => fail(new Error(`Azurite exited with code ${code} before it was ready:\n${output}`)));
  });
  child.removeAllListeners("exit");
  const origin = origins.Queue;
  const port = Number(new URL(origin).port);
  return {
    child,
    origin,
    port,
    accountUrl: `${origin}/${EMULATOR_ACCOUNT_NAME}`,
    blobOrigin: origins.Blob,
    tableOrigin: origins.Table,
    stateConnectionString:
      `DefaultEndpointsProtocol=http;AccountName=${EMULATOR_ACCOUNT_NAME};AccountKey=${EMULATOR_ACCOUNT_KEY};` +
      `BlobEndpoint=${origins.Blob}/${EMULATOR_ACCOUNT_NAME};TableEndpoint=${origins.Table}/${EMULATOR_ACCOUNT_NAME};`,
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
