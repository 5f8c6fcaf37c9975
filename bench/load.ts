// Issue 14: one client must not starve the rest. One signed-in user fires 800 parallel peeks of a
// queue holding 32 messages of ~60 KB; meanwhile another user peeks a one-message queue again and
// again from a separate process (so the flood's own client does not slow the measurement). Reports
// the server's peak memory, the flood's answer codes and the other user's latencies.
// QUEUESCOPE_BENCH_BASELINE=<a built checkout of an older commit> runs the same flood against it too;
// QUEUESCOPE_BENCH_NO_GATE=1 against this build with no gate in front of Next.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { QueueServiceClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../lib/config/accounts";
import { hashPassword } from "../lib/security/password";
import { startAzurite } from "../scripts/lib/azurite";
import { measure, median, startServer, table, treeHwmMiB } from "./support";

const FLOOD = Number(process.env.BENCH_LOAD_FLOOD ?? 800);
const MESSAGE_BYTES = 60_000;
const TARGET_RSS_MIB = 1024;
const TARGET_OTHER_MS = 3000;
const PASSWORD = "bench-password-123";

/**
 * The other user, from the first stdin line until stdin ends: in turn a peek on a kept-alive
 * connection (an open browser tab) and one on a new connection (a first visit, curl), with a short
 * pause. Without the gate a new connection waited in the kernel's accept queue behind the flood's
 * connections before the server saw it, which no admission in a route handler can shorten.
 */
const OTHER_CLIENT = `
import http from "node:http";
const samples = [];
let stop = false;
const fresh = (url, cookie) => new Promise((resolve) => {
  const req = http.get(url, { agent: false, headers: { cookie } }, (res) => { res.resume(); res.on("end", () => resolve(res.statusCode)); });
  req.on("error", () => resolve("error"));
});
const kept = async (url, cookie) => {
  try {
    const res = await fetch(url, { headers: { cookie } });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return "error";
  }
};
process.stdin.once("data", async () => {
  const go = performance.now();
  process.stdin.on("end", () => (stop = true));
  for (let i = 0; !stop; i++) {
    const connection = i % 2 === 0 ? "kept" : "new";
    const started = performance.now();
    const status = await (connection === "kept" ? kept : fresh)(process.env.PEEK_URL, process.env.PEEK_COOKIE);
    samples.push({ connection, at: started - go, ms: performance.now() - started, status });
    await new Promise((r) => setTimeout(r, 100));
  }
  process.stdout.write(JSON.stringify(samples));
});
`;

function message(i: number): string {
  const head = JSON.stringify({ orderId: `ord-${i}`, payload: "" });
  return JSON.stringify({ orderId: `ord-${i}`, payload: "x".repeat(MESSAGE_BYTES - head.length) });
}

async function signIn(url: string, username: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (!res.ok) throw new Error(`sign-in as ${username}: ${res.status} ${await res.text()}`);
  return res.headers.get("set-cookie")!.split(";")[0]!;
}

/** One peek of the flood; the body is read and dropped (800 × 4 MB would not fit in the bench). */
async function floodPeek(url: string, cookie: string): Promise<{ status: string; bytes: number; retryAfter: boolean }> {
  try {
    const res = await fetch(url, { headers: { cookie } });
    let bytes = 0;
    const reader = res.body!.getReader();
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) bytes += chunk.value.byteLength;
    return { status: String(res.status), bytes, retryAfter: res.headers.has("retry-after") };
  } catch {
    return { status: "network error", bytes: 0, retryAfter: false };
  }
}

interface Sample {
  connection: "kept" | "new";
  /** Milliseconds after the flood began. */
  at: number;
  ms: number;
  status: number | string;
}

async function runFlood(label: string, env: Record<string, string>, dir?: string, gate = !dir) {
  // An older build is measured as it ran: Next alone, without the gate in front.
  const server = await startServer(env, dir, { gate });
  try {
    const floodCookie = await signIn(server.url, "fred");
    const otherCookie = await signIn(server.url, "olga");
    const api = (queue: string) => `${server.url}/api/accounts/bench/queues/${queue}/messages?count=32`;
    // Warm both routes, so compiling and first connections are not counted.
    for (const [queue, cookie] of [
      ["load-flood", floodCookie],
      ["load-small", otherCookie],
    ] as const)
      await floodPeek(api(queue), cookie);
    const one = await floodPeek(api("load-flood"), floodCookie);

    const other = spawn(process.execPath, ["--input-type=module", "-e", OTHER_CLIENT], {
      env: { ...process.env, PEEK_URL: api("load-small"), PEEK_COOKIE: otherCookie },
      stdio: ["pipe", "pipe", "inherit"],
    });
    let output = "";
    other.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const otherDone = new Promise<Sample[]>((resolve, reject) =>
      other.once("close", () => {
        try {
          resolve(JSON.parse(output) as Sample[]);
        } catch (err) {
          reject(err);
        }
      }),
    );

    const {
      result: flood,
      ms,
      peakMiB,
      baseMiB,
    } = await measure(async () => {
      other.stdin.write("go\n");
      const answers = await Promise.all(Array.from({ length: FLOOD }, () => floodPeek(api("load-flood"), floodCookie)));
      other.stdin.end();
      return answers;
    }, server.child.pid);
    const samples = await otherDone;
    const hwmMiB = treeHwmMiB(server.child.pid!);
    const gateHwmMiB = server.gate ? treeHwmMiB(server.gate.pid!) : 0;

    const codes: Record<string, number> = {};
    for (const a of flood) codes[a.status] = (codes[a.status] ?? 0) + 1;
    const otherCodes: Record<string, number> = {};
    for (const s of samples) otherCodes[String(s.status)] = (otherCodes[String(s.status)] ?? 0) + 1;
    const latency = (connection: Sample["connection"]) => {
      const ms = samples.filter((s) => s.connection === connection).map((s) => s.ms);
      if (ms.length === 0) return { samples: 0, medianMs: NaN, maxMs: NaN, worstAtMs: NaN };
      return {
        samples: ms.length,
        medianMs: median(ms),
        maxMs: Math.max(...ms),
        worstAtMs: samples.find((s) => s.connection === connection && s.ms === Math.max(...ms))!.at,
      };
    };
    const refusedWithoutRetry = flood.filter((a) => (a.status === "429" || a.status === "503") && !a.retryAfter).length;
    const bad5xx = [...flood.map((a) => a.status), ...samples.map((s) => String(s.status))].filter(
      (s) => /^5/.test(s) && s !== "503",
    ).length;
    return {
      label,
      floodSeconds: ms / 1000,
      peekBytes: one.bytes,
      baseMiB,
      peakSampledMiB: peakMiB,
      peakHwmMiB: hwmMiB,
      gateHwmMiB,
      codes,
      refusedWithoutRetry,
      bad5xx,
      other: { samples: samples.length, codes: otherCodes, kept: latency("kept"), new: latency("new") },
    };
  } finally {
    await server.stop();
  }
}

export async function benchLoad() {
  const azurite = await startAzurite({ port: 0 });
  const dataDirs: string[] = [];
  try {
    const service = new QueueServiceClient(
      azurite.accountUrl,
      new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY),
    );
    const big = service.getQueueClient("load-flood");
    await big.create();
    for (let i = 0; i < 32; i++) await big.sendMessage(message(i));
    const small = service.getQueueClient("load-small");
    await small.create();
    await small.sendMessage(JSON.stringify({ orderId: "ord-small" }));

    const users = {
      users: await Promise.all(
        ["fred", "olga"].map(async (username) => ({
          username,
          role: "viewer",
          passwordHash: await hashPassword(PASSWORD),
        })),
      ),
    };
    const envFor = () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "queuescope-bench-load-"));
      dataDirs.push(dir);
      const accounts = path.join(dir, "accounts.json");
      writeFileSync(
        accounts,
        JSON.stringify([
          {
            id: "bench",
            name: "Bench",
            accountName: EMULATOR_ACCOUNT_NAME,
            accountKey: EMULATOR_ACCOUNT_KEY,
            queueEndpoint: azurite.accountUrl,
          },
        ]),
      );
      writeFileSync(path.join(dir, "users.json"), JSON.stringify(users));
      return { QUEUESCOPE_ACCOUNTS: accounts, QUEUESCOPE_DATA_DIR: dir };
    };

    const runs = [];
    const baseline = process.env.QUEUESCOPE_BENCH_BASELINE;
    if (baseline) runs.push(await runFlood(`before (${path.basename(baseline)})`, envFor(), path.resolve(baseline)));
    // QUEUESCOPE_BENCH_NO_GATE=1: this build with Next alone on the port too, to see what the gate changes.
    if (process.env.QUEUESCOPE_BENCH_NO_GATE === "1")
      runs.push(await runFlood("this build, no gate", envFor(), undefined, false));
    runs.push(await runFlood("this build", envFor()));

    const rows: (string | number)[][] = [
      [
        "build",
        "flood s",
        "peek bytes",
        "Next peak RSS MiB (sampled / VmHWM)",
        "gate VmHWM MiB",
        "flood answers",
        "other, kept-alive: median / max ms",
        "other, new connection: median / max ms",
        "other: answers",
      ],
    ];
    const fmt = (c: Record<string, number>) =>
      Object.entries(c)
        .map(([k, v]) => `${k}×${v}`)
        .join(" ");
    for (const r of runs) {
      rows.push([
        r.label,
        r.floodSeconds.toFixed(1),
        r.peekBytes.toLocaleString(),
        `${r.peakSampledMiB.toFixed(0)} / ${r.peakHwmMiB.toFixed(0)}`,
        r.gateHwmMiB ? r.gateHwmMiB.toFixed(0) : "no gate",
        fmt(r.codes),
        `${r.other.kept.medianMs.toFixed(0)} / ${r.other.kept.maxMs.toFixed(0)}`,
        `${r.other.new.medianMs.toFixed(0)} / ${r.other.new.maxMs.toFixed(0)}`,
        fmt(r.other.codes),
      ]);
    }
    console.log(
      `\nFlood: ${FLOOD} parallel peeks by one user of 32 × ${MESSAGE_BYTES.toLocaleString()}-byte messages; another user peeks a one-message queue meanwhile\n`,
    );
    console.log(table(rows));
    const now = runs.at(-1)!;
    const rssMet = now.peakHwmMiB + now.gateHwmMiB < TARGET_RSS_MIB;
    const otherMet = now.other.kept.maxMs <= TARGET_OTHER_MS && now.other.codes["200"] === now.other.samples;
    const newMet = now.other.new.maxMs <= TARGET_OTHER_MS;
    const codesMet = now.bad5xx === 0 && now.refusedWithoutRetry === 0;
    console.log(
      `${rssMet ? "MET " : "MISS"} server below ${TARGET_RSS_MIB} MiB RSS under the flood (VmHWM of Next's processes plus the gate's)`,
    );
    console.log(
      `${otherMet ? "MET " : "MISS"} the other user's peeks all answer 200, within ${TARGET_OTHER_MS} ms on a kept-alive connection`,
    );
    console.log(
      `${newMet ? "MET " : "MISS"} ... and within ${TARGET_OTHER_MS} ms on a new connection (without the gate it waited in the accept queue behind the flood)`,
    );
    console.log(`${codesMet ? "MET " : "MISS"} no 5xx other than 503, and every refusal carries Retry-After`);
    return { flood: FLOOD, messageBytes: MESSAGE_BYTES, runs, targetsMet: rssMet && otherMet && newMet && codesMet };
  } finally {
    await azurite.stop();
    for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
  }
}
