// Issue 14: one client flooding the server must not starve another. Real route handlers, real
// Azurite; the bound is made small so the outcome is decided by admission order, not by timing:
// the queue service is reached through a proxy that holds every chunk, so every request has been
// admitted or refused (after its sign-in state was read from the store) before the first peek can
// answer and free a slot.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { azuriteOfWorker } from "../support/azurite-of-worker";
import { startDelayProxy } from "@/bench/support";
import { GET as peekRoute } from "@/app/api/accounts/[account]/queues/[queue]/messages/route";
import { admission, resetAdmission } from "@/lib/api/admission";
import { azuriteUrl, emulatorService, uniquePrefix } from "../support/api";
import { configureSignIn, send, sessionFor, USERS, type Answer } from "../support/auth";
import { startPacedProxy, type PacedProxy } from "../support/paced-proxy";

const queue = uniquePrefix("admit");
const params = { account: "local", queue };
const FLOOD = 20;
/** Each direction of every chunk to the queue service: far longer than reading a session from the store. */
const STORAGE_DELAY_MS = 400;
let proxy: Awaited<ReturnType<typeof startDelayProxy>>;
let slowEmulator: Record<string, string>;

beforeAll(async () => {
  const client = emulatorService().getQueueClient(queue);
  await client.create();
  for (let i = 0; i < 3; i++) await client.sendMessage(JSON.stringify({ i, payload: "x".repeat(20_000) }));
  const azurite = new URL(azuriteUrl());
  proxy = await startDelayProxy({ host: azurite.hostname, port: Number(azurite.port) }, STORAGE_DELAY_MS);
  slowEmulator = { QUEUESCOPE_EMULATOR_URL: `http://127.0.0.1:${proxy.port}${azurite.pathname}` };
});

afterAll(async () => {
  resetAdmission();
  await proxy?.close();
});

/** FLOOD parallel peeks from one client and, started right after them, one peek from another. */
async function flood(
  floodHeaders: { cookie?: string; headers?: Record<string, string> },
  otherHeaders: typeof floodHeaders,
) {
  resetAdmission({ inFlight: 4, perClient: 2, queuePerClient: 4 });
  const flooding = Array.from({ length: FLOOD }, () => send(peekRoute, { params, ...floodHeaders }));
  const other = send(peekRoute, { params, ...otherHeaders });
  return { flood: await Promise.all(flooding), other: await other };
}

function expectFairOutcome({ flood, other }: { flood: Answer[]; other: Answer }) {
  expect(other.status).toBe(200);
  expect(other.json.messages).toHaveLength(3);
  // Two in flight and four queued are served; the other fourteen are refused at once.
  const served = flood.filter((r) => r.status === 200);
  const refused = flood.filter((r) => r.status !== 200);
  expect(served).toHaveLength(6);
  for (const r of served) expect(r.json.messages).toHaveLength(3);
  expect(refused).toHaveLength(FLOOD - 6);
  for (const r of refused) {
    expect(r.status).toBe(429);
    expect(r.json.error).toMatchObject({
      code: "rate_limited",
      message: expect.any(String),
      details: { retryAfterSeconds: 1, reason: "client" },
    });
    expect(r.headers.get("retry-after")).toBe("1");
  }
  // Every slot came back once the answers were read.
  expect(admission().stats()).toEqual({ inFlight: 0, waiting: 0, clients: 0 });
}

describe("a client flooding the server", () => {
  it("signed in: another user's peek gets through while the flood is queued or refused with 429 and Retry-After", async () => {
    await configureSignIn("admission", { env: slowEmulator });
    const flooder = await sessionFor(USERS.viewer);
    const other = await sessionFor(USERS.admin);
    expectFairOutcome(await flood({ cookie: flooder }, { cookie: other }));
  });

  it("signed in: a second session of the same user shares that user's share", async () => {
    await configureSignIn("admission-same", { env: slowEmulator });
    const [first, second] = [await sessionFor(USERS.viewer), await sessionFor(USERS.viewer)];
    const { flood: answers, other } = await flood({ cookie: first }, { cookie: second });
    expect(other.status).toBe(429);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(6);
  });

  it("local mode: the browser is told apart from a runaway script by its user agent", async () => {
    // State-store tables without users: single-user local mode.
    await configureSignIn("admission-local", { users: [], env: slowEmulator });
    const script = { headers: { "user-agent": "node", "x-forwarded-for": "127.0.0.1" } };
    const browser = {
      headers: { "user-agent": "Mozilla/5.0 (X11; Linux x86_64) Chrome/140", "x-forwarded-for": "127.0.0.1" },
    };
    expectFairOutcome(await flood(script, browser));
  });
});

describe("a flood while the state store is busy", () => {
  /** The store takes one request at a time, one every this long: a flood's session reads queue up in it. */
  const STATE_GAP_MS = 25;
  let store: PacedProxy | undefined;
  afterAll(async () => {
    await store?.close();
    resetAdmission();
  });

  it("is admitted or refused before its sessions are read, so another user's reads do not wait behind the flood's", async () => {
    const state = azuriteOfWorker().state;
    const tableEndpoint = /TableEndpoint=([^;]+)/.exec(state)![1]!;
    store = await startPacedProxy(tableEndpoint, STATE_GAP_MS);
    const paced = state.replace(tableEndpoint, `${store.origin}${new URL(tableEndpoint).pathname}`);
    // The queue service answers at once: only the state store is busy.
    await configureSignIn("admission-state", { env: { QUEUESCOPE_STATE_CONNECTION_STRING: paced } });
    const flooder = await sessionFor(USERS.viewer);
    const otherCookie = await sessionFor(USERS.admin);
    resetAdmission({ inFlight: 4, perClient: 2, queuePerClient: 4 });

    const finished: string[] = [];
    const asked = store.forwarded();
    const flooding = Array.from({ length: FLOOD }, () =>
      send(peekRoute, { params, cookie: flooder }).then((r) => (finished.push(`flood ${r.status}`), r)),
    );
    const other = send(peekRoute, { params, cookie: otherCookie }).then((r) => (finished.push("other"), r));
    const [answers, otherAnswer] = await Promise.all([Promise.all(flooding), other]);

    expect(otherAnswer.status).toBe(200);
    expect(otherAnswer.json.messages).toHaveLength(3);
    const served = answers.filter((r) => r.status === 200);
    expect(served).toHaveLength(6);
    for (const r of served) expect(r.json.messages).toHaveLength(3);
    const refused = answers.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(FLOOD - 6);
    for (const r of refused) {
      expect(r.status).toBe(429);
      expect(r.headers.get("retry-after")).toBe("1");
    }
    // The other user's answer came before the flood's last: its reads were not behind the flood's.
    expect(finished.indexOf("other")).toBeLessThan(finished.lastIndexOf("flood 200"));
    // The refused fourteen never asked the store: the seven served read a session and a user each
    // (14 requests, a chunk more if one was written in parts); asking for all 21 would take 42.
    expect(store.forwarded() - asked).toBeLessThan(FLOOD);
    expect(admission().stats()).toEqual({ inFlight: 0, waiting: 0, clients: 0 });
  });
});
