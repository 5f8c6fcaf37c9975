// Issue 7: what access control costs. Peek and send through a signed-in session (cookie checked,
// user looked up, every send audited and flushed to disk) against local mode and the raw SDK, in
// the same run; sign-in itself (deliberately slow scrypt); reading the audit log at 100,000 entries
// in the state store (issue 13: newest 50 in ≤ 100 ms). Runs with the react-server condition: the
// seed goes through lib/auth and lib/state.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { QueueServiceClient, StorageSharedKeyCredential } from "@azure/storage-queue";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "../lib/config/accounts";
import { hashPassword } from "../lib/security/password";
import { startAzurite } from "../scripts/lib/azurite";
import { median, startServer, table, time } from "./support";

const ITERATIONS = 60;
const AUDIT_ENTRIES = 100_000;
/** A thousand a day: a hundred days of a busy team's log. */
const PER_DAY = 1_000;
const SIGNED_IN_PREFIX = "qsbenchauth";
const LOCAL_PREFIX = "qsbenchlocal";

async function expectOk(res: Response): Promise<unknown> {
  if (!res.ok) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/**
 * 100,000 audit entries written straight into the state store (transactions of 100 per day
 * partition) under `prefix`, and a user when `password` is given (which makes that prefix's server
 * ask for sign-in). Both servers get the same log: an insert into the emulator's table costs more
 * as the table grows, and the sends compared here each write two audit rows.
 */
async function seedState(connectionString: string, prefix: string, password?: string): Promise<void> {
  Object.assign(process.env, {
    QUEUESCOPE_STATE_CONNECTION_STRING: connectionString,
    QUEUESCOPE_STATE_PREFIX: prefix,
  });
  const { importAuditEntries } = await import("../lib/auth/audit");
  const { putLocalUser } = await import("../lib/auth/users");
  if (password) await putLocalUser({ username: "ada", role: "admin", passwordHash: await hashPassword(password) });
  const start = Date.now() - AUDIT_ENTRIES * (86_400_000 / PER_DAY);
  const entry = (i: number) => ({
    id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    at: new Date(start + i * (86_400_000 / PER_DAY)).toISOString(),
    user: ["ada", "olga", "vic"][i % 3]!,
    role: ["admin", "operator", "viewer"][i % 3]!,
    via: "password",
    action: ["message.send", "message.delete", "queue.clear", "queue.create"][i % 4]!,
    account: "bench",
    queue: `orders-${i % 50}`,
    outcome: i % 17 === 0 ? ("denied" as const) : ("ok" as const),
    status: i % 17 === 0 ? 403 : 200,
  });
  // A few days at once: each day is its own partition, so their transactions never conflict.
  const days = Array.from({ length: Math.ceil(AUDIT_ENTRIES / PER_DAY) }, (_, d) => d);
  const started = performance.now();
  for (let i = 0; i < days.length; i += 4) {
    await Promise.all(
      days
        .slice(i, i + 4)
        .map((d) => importAuditEntries(Array.from({ length: PER_DAY }, (_, k) => entry(d * PER_DAY + k)))),
    );
  }
  console.log(
    `Seeded ${AUDIT_ENTRIES.toLocaleString()} audit entries in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

export async function benchAuth() {
  const azurite = await startAzurite({ port: 0 });
  const credential = new StorageSharedKeyCredential(EMULATOR_ACCOUNT_NAME, EMULATOR_ACCOUNT_KEY);
  const raw = new QueueServiceClient(azurite.accountUrl, credential).getQueueClient("auth-bench");
  await raw.create();
  for (let i = 0; i < 40; i++) await raw.sendMessage(JSON.stringify({ i, payload: "x".repeat(200) }));

  const dataDir = mkdtempSync(path.join(os.tmpdir(), "queuescope-bench-auth-"));
  const localDir = mkdtempSync(path.join(os.tmpdir(), "queuescope-bench-local-"));
  const accounts = path.join(dataDir, "accounts.json");
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
  const password = "bench-password-123";
  // Local mode's state store is an emulator of its own: one holding both logs would make every
  // query on it slower than either alone.
  const localState = await startAzurite({ port: 0 });
  await seedState(azurite.stateConnectionString, SIGNED_IN_PREFIX, password);
  await seedState(localState.stateConnectionString, LOCAL_PREFIX);

  const state = { QUEUESCOPE_STATE_CONNECTION_STRING: azurite.stateConnectionString };
  const signedIn = await startServer({
    QUEUESCOPE_ACCOUNTS: accounts,
    QUEUESCOPE_DATA_DIR: dataDir,
    ...state,
    QUEUESCOPE_STATE_PREFIX: SIGNED_IN_PREFIX,
  });
  const local = await startServer({
    QUEUESCOPE_ACCOUNTS: accounts,
    QUEUESCOPE_DATA_DIR: localDir,
    QUEUESCOPE_STATE_CONNECTION_STRING: localState.stateConnectionString,
    QUEUESCOPE_STATE_PREFIX: LOCAL_PREFIX,
  });
  try {
    const signInTimes: number[] = [];
    let cookie = "";
    for (let i = 0; i < 5; i++) {
      signInTimes.push(
        await time(async () => {
          const res = await fetch(`${signedIn.url}/api/auth/sign-in`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ username: "ada", password }),
          });
          await expectOk(res);
          cookie = res.headers.get("set-cookie")!.split(";")[0]!;
        }),
      );
    }
    const headers = { cookie };
    const peekPath = "/api/accounts/bench/queues/auth-bench/messages?count=32";
    const sendPath = "/api/accounts/bench/queues/auth-bench/messages";
    const peek = { session: [] as number[], local: [] as number[], raw: [] as number[] };
    const send = { session: [] as number[], local: [] as number[], raw: [] as number[] };
    const body = JSON.stringify({ text: JSON.stringify({ orderId: "o-1", payload: "x".repeat(200) }) });
    for (let i = 0; i < ITERATIONS + 5; i++) {
      // Interleaved, so all three see the same machine; the first five warm up.
      const a = await time(async () => expectOk(await fetch(`${signedIn.url}${peekPath}`, { headers })));
      const b = await time(async () => expectOk(await fetch(`${local.url}${peekPath}`)));
      const c = await time(async () => raw.peekMessages({ numberOfMessages: 32 }));
      // A browser's send carries its Origin; a signed-in change without one is refused.
      const d = await time(async () =>
        expectOk(
          await fetch(`${signedIn.url}${sendPath}`, {
            method: "POST",
            headers: { ...headers, origin: signedIn.url, "content-type": "application/json" },
            body,
          }),
        ),
      );
      const e = await time(async () =>
        expectOk(
          await fetch(`${local.url}${sendPath}`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body,
          }),
        ),
      );
      const f = await time(async () => raw.sendMessage(JSON.stringify({ orderId: "o-1", payload: "x".repeat(200) })));
      if (i >= 5) {
        peek.session.push(a);
        peek.local.push(b);
        peek.raw.push(c);
        send.session.push(d);
        send.local.push(e);
        send.raw.push(f);
      }
    }
    const auditTimes = { page: [] as number[], filtered: [] as number[] };
    for (let i = 0; i < 12; i++) {
      const a = await time(async () => expectOk(await fetch(`${signedIn.url}/api/audit?limit=50`, { headers })));
      const b = await time(async () =>
        expectOk(await fetch(`${signedIn.url}/api/audit?limit=50&user=olga&outcome=denied&action=queue`, { headers })),
      );
      if (i >= 2) {
        auditTimes.page.push(a);
        auditTimes.filtered.push(b);
      }
    }

    const rows: (string | number)[][] = [
      ["call", "signed in ms", "local mode ms", "raw SDK ms", "signed in / raw", "signed in / local"],
    ];
    const ratios: Record<
      string,
      { sessionMs: number; localMs: number; rawMs: number; ratio: number; overLocal: number }
    > = {};
    for (const [label, t] of [
      ["peek 32", peek],
      ["send 1 (audited)", send],
    ] as const) {
      const r = {
        sessionMs: median(t.session),
        localMs: median(t.local),
        rawMs: median(t.raw),
        ratio: median(t.session) / median(t.raw),
        overLocal: median(t.session) / median(t.local),
      };
      ratios[label] = r;
      rows.push([
        label,
        r.sessionMs.toFixed(1),
        r.localMs.toFixed(1),
        r.rawMs.toFixed(1),
        `${r.ratio.toFixed(2)}×`,
        `${r.overLocal.toFixed(2)}×`,
      ]);
    }
    console.log(`\nAccess control overhead (median of ${ITERATIONS}, loopback Azurite)\n`);
    console.log(table(rows));
    const signInMs = median(signInTimes);
    const auditPageMs = median(auditTimes.page);
    const auditFilteredMs = median(auditTimes.filtered);
    console.log(`\nSign-in (scrypt N=2^15, by design): median ${signInMs.toFixed(0)} ms of 5`);
    console.log(
      `Audit log at ${AUDIT_ENTRIES.toLocaleString()} entries: newest 50 in ${auditPageMs.toFixed(0)} ms, filtered in ${auditFilteredMs.toFixed(0)} ms (median of 10)`,
    );
    const peekMet = ratios["peek 32"]!.overLocal <= 1.15;
    const sendMet = ratios["send 1 (audited)"]!.overLocal <= 1.15;
    const auditMet = auditPageMs <= 100;
    console.log(`${peekMet ? "MET " : "MISS"} peek signed in ≤1.15× local mode (session check and user lookup)`);
    console.log(
      `${sendMet ? "MET " : "MISS"} audited send signed in ≤1.15× local mode (both record the intent and the outcome in the state store)`,
    );
    console.log(
      `${auditMet ? "MET " : "MISS"} newest 50 of the audit log at ${AUDIT_ENTRIES.toLocaleString()} entries ≤100 ms`,
    );
    return {
      ...ratios,
      signInMs,
      auditPageMs,
      auditFilteredMs,
      auditEntries: AUDIT_ENTRIES,
      targetsMet: peekMet && sendMet && auditMet,
    };
  } finally {
    await signedIn.stop();
    await local.stop();
    await azurite.stop();
    await localState.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(localDir, { recursive: true, force: true });
  }
}
