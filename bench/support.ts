// Shared bench plumbing: a TCP delay proxy, a real Queuescope server, process memory sampling.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, openSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../lib/config/accounts";
import { startAzurite, stopChild } from "../scripts/lib/azurite";

export const root = path.resolve(import.meta.dirname, "..");

const REQUEST_LINE = /(?:GET|PUT|POST|DELETE|HEAD|MERGE) (\S+) HTTP\/1\.1\r\n/g;

/** Forwards TCP to `target`, holding every chunk `delayMs` in each direction (order is kept). */
export async function startDelayProxy(target: { host: string; port: number }, delayMs: number) {
  const sockets = new Set<net.Socket>();
  /** Storage requests that went through, by kind: listing pages (`comp=list`) and every other call. */
  const requests = { list: 0, other: 0 };
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.on("data", (chunk) => {
      for (const m of chunk.toString("latin1").matchAll(REQUEST_LINE))
        requests[/[?&]comp=list\b/.test(m[1]!) ? "list" : "other"]++;
    });
    const relay = (from: net.Socket, to: net.Socket) => {
      // 0 ms: a counting pass-through, no timer hop.
      from.on("data", (chunk) =>
        delayMs ? setTimeout(() => to.writable && to.write(chunk), delayMs) : to.writable && to.write(chunk),
      );
      from.on("end", () => (delayMs ? setTimeout(() => to.end(), delayMs) : to.end()));
      from.on("error", () => to.destroy());
      from.on("close", () => sockets.delete(from));
    };
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    requests,
    resetRequests: () => Object.assign(requests, { list: 0, other: 0 }),
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Milliseconds one call takes. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

/** A TypeScript script in a process of its own, once it prints `listening on <port>`. */
export async function spawnListening(
  script: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ port: number; child: ChildProcess }> {
  // stdin stays open: the gate exits when it closes, so it never outlives its parent.
  const child = spawn(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: root,
    env,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`${path.basename(script)} exited (code ${code})`)));
  });
  return { port, child };
}

/** The gate (scripts/lib/gate.ts) as its own process in front of Next on `upstream`, as npm start runs it. */
export function startGateProcess(upstream: number, extra: string[] = []) {
  return spawnListening(path.join(root, "scripts/lib/gate-main.ts"), ["--upstream", String(upstream), ...extra]);
}

/**
 * `next start` on a free port with the given environment (the build must exist; `dir` may be
 * another checkout's build), behind the gate as `npm start` runs it unless `gate: false` (an older
 * build, measured as it was). Without a QUEUESCOPE_STATE_CONNECTION_STRING it gets a state store
 * of its own: an in-memory Azurite.
 */
export async function startServer(
  env: Record<string, string>,
  dir = root,
  { gate: withGate = true } = {},
): Promise<{ url: string; child: ChildProcess; gate?: ChildProcess; stop: () => Promise<void> }> {
  const state = env.QUEUESCOPE_STATE_CONNECTION_STRING ? undefined : await startAzurite({});
  if (state) env = { ...env, QUEUESCOPE_STATE_CONNECTION_STRING: state.stateConnectionString };
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      // BENCH_CPU_PROF=dir writes the server's CPU profile there when it stops (open it in Chrome's DevTools).
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : []),
      path.join(dir, "node_modules/next/dist/bin/next"),
      "start",
      "-H",
      "127.0.0.1",
      "-p",
      String(port),
    ],
    {
      cwd: dir,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
      // BENCH_SERVER_LOG=file keeps the server's output (a sampler round that failed says why there).
      stdio: process.env.BENCH_SERVER_LOG
        ? ["ignore", openSync(process.env.BENCH_SERVER_LOG, "a"), openSync(process.env.BENCH_SERVER_LOG, "a")]
        : "ignore",
    },
  );
  const gate = withGate ? await startGateProcess(port) : undefined;
  const url = `http://127.0.0.1:${gate?.port ?? port}`;
  const stop = async () => void (await Promise.all([stopChild(child), gate && stopChild(gate.child), state?.stop()]));
  for (let i = 0; i < 240; i++) {
    try {
      // Answers whether or not anyone is signed in.
      if ((await fetch(`${url}/api/auth/me`)).ok) return { url, child, gate: gate?.child, stop };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error("the Queuescope server did not start");
}

function descendants(pid: number): number[] {
  const all = [pid];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(/PPid:\s+(\d+)/.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1]);
      if (ppid === pid) all.push(...descendants(Number(entry)));
    } catch {
      // the process ended while we looked
    }
  }
  return all;
}

/** Resident memory of a process and its children, in MiB. */
export function treeRssMiB(pid: number, pids = descendants(pid)): number {
  let kib = 0;
  for (const p of pids) {
    try {
      kib += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kib / 1024;
}

/** CPU seconds (user + system) a process and its children have used so far. */
export function treeCpuSeconds(pid: number): number {
  let ticks = 0;
  for (const p of descendants(pid)) {
    try {
      // Fields 14 and 15 (utime, stime), counted after the command name, which may hold spaces.
      const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1]!.split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone
    }
  }
  return ticks / 100; // USER_HZ
}

/** The high-water mark of resident memory (VmHWM) over a process and its children, in MiB: a peak no sampling can miss. */
export function treeHwmMiB(pid: number): number {
  let kib = 0;
  for (const p of descendants(pid)) {
    try {
      kib += Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // gone
    }
  }
  return kib / 1024;
}

/** Runs `fn` while sampling the tree's memory; returns its result, the time and the peak. */
export async function measure<T>(
  fn: () => Promise<T>,
  pid?: number,
): Promise<{ result: T; ms: number; peakMiB: number; baseMiB: number }> {
  // The process list is read once: scanning /proc on every sample would steal CPU from the run.
  const pids = pid ? descendants(pid) : [];
  const baseMiB = pid ? treeRssMiB(pid, pids) : 0;
  let peakMiB = baseMiB;
  const timer = pid ? setInterval(() => (peakMiB = Math.max(peakMiB, treeRssMiB(pid, pids))), 50) : undefined;
  const started = performance.now();
  try {
    const result = await fn();
    return {
      result,
      ms: performance.now() - started,
      peakMiB: pid ? Math.max(peakMiB, treeRssMiB(pid, pids)) : 0,
      baseMiB,
    };
  } finally {
    if (timer) clearInterval(timer);
  }
}

/** The fastest of `runs` measurements (the least disturbed by the rest of the machine). */
export async function bestOf<T>(runs: number, fn: () => Promise<T>, pid?: number) {
  let best: Awaited<ReturnType<typeof measure<T>>> | undefined;
  for (let i = 0; i < runs; i++) {
    const m = await measure(fn, pid);
    if (!best || m.ms < best.ms) best = { ...m, peakMiB: Math.max(m.peakMiB, best?.peakMiB ?? 0) };
  }
  return best!;
}

/** A job against the raw SDK at its best worker count, each run several times, interleaved. */
export interface InterleavedResult {
  job: number;
  jobRuns: number[];
  bestRaw: number;
  rawRuns: number[];
  bestWorkers: number;
  /** One run of each worker count, which chose `bestWorkers` (not counted). */
  calibration: Record<number, number>;
  ratio: number;
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i]!)).join("  ")).join("\n");
}

/**
 * An Azurite that can be started afresh on the same port before every measurement (its in-memory
 * store slows as it grows, which would penalise whichever pipeline ran last), a 20 ms delay proxy
 * in front of it, and a Queuescope server with both as accounts "direct" and "proxied".
 */
export async function benchBed(label: string) {
  let azurite = await startAzurite({ port: 0 });
  const port = azurite.port;
  const directUrl = azurite.accountUrl;
  const proxy = await startDelayProxy({ host: "127.0.0.1", port }, 20);
  const proxied = `http://127.0.0.1:${proxy.port}/${EMULATOR_ACCOUNT_NAME}`;
  const dataDir = mkdtempSync(path.join(tmpdir(), `qs-bench-${label}-`));
  const file = path.join(dataDir, "accounts.json");
  writeFileSync(
    file,
    JSON.stringify([
      {
        id: "direct",
        name: "Direct",
        accountName: EMULATOR_ACCOUNT_NAME,
        accountKey: EMULATOR_ACCOUNT_KEY,
        queueEndpoint: directUrl,
      },
      {
        id: "proxied",
        name: "Proxied",
        accountName: EMULATOR_ACCOUNT_NAME,
        accountKey: EMULATOR_ACCOUNT_KEY,
        queueEndpoint: proxied,
      },
    ]),
  );
  // The server's state store behind counting pass-throughs: how many calls a job makes to it.
  const state = await startAzurite({});
  const origin = (o: string) => ({ host: "127.0.0.1", port: Number(new URL(o).port) });
  const [stateBlob, stateTable] = await Promise.all([
    startDelayProxy(origin(state.blobOrigin), 0),
    startDelayProxy(origin(state.tableOrigin), 0),
  ]);
  const stateConnection = state.stateConnectionString
    .replace(state.blobOrigin, `http://127.0.0.1:${stateBlob.port}`)
    .replace(state.tableOrigin, `http://127.0.0.1:${stateTable.port}`);
  const server = await startServer({
    QUEUESCOPE_ACCOUNTS: file,
    QUEUESCOPE_DATA_DIR: dataDir,
    QUEUESCOPE_STATE_CONNECTION_STRING: stateConnection,
  });
  return {
    server,
    directUrl,
    /** Calls through the 20 ms proxy (the queue service) and to the state store, since the last reset. */
    /** CPU seconds used so far by the Queuescope server, the queue service's Azurite and the state store's. */
    cpu: () => ({
      server: treeCpuSeconds(server.child.pid!),
      queue: treeCpuSeconds(azurite.child.pid!),
      state: treeCpuSeconds(state.child.pid!),
    }),
    calls: () => ({
      queue: proxy.requests.list + proxy.requests.other,
      state: stateBlob.requests.list + stateBlob.requests.other + stateTable.requests.list + stateTable.requests.other,
    }),
    resetCalls: () => [stateBlob, stateTable].forEach((p) => p.resetRequests()),
    paths: [
      ["loopback", "direct", directUrl],
      ["20 ms proxy", "proxied", proxied],
    ] as const,
    fresh: async () => {
      await azurite.stop();
      azurite = await startAzurite({ port });
    },
    close: async () => {
      await server.stop();
      await Promise.all([proxy.close(), stateBlob.close(), stateTable.close()]);
      await Promise.all([azurite.stop(), state.stop()]);
    },
  };
}
