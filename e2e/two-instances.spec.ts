// Two dashboard instances behind one state store, as behind a load balancer: no shared secret is
// configured (the key kept in the store is shared), users are added with `npm run user:add`
// against that store, and a sign-out or a sign-in limit on one instance holds on the other.
import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { startAzurite, type AzuriteProcess } from "../scripts/lib/azurite";
import { apiSignIn, USERS } from "./support/auth";
import { ROOT, startQueuescope, type QueuescopeInstance } from "./support/queuescope";

test.describe.configure({ mode: "serial" });

let store: AzuriteProcess | undefined;
let a: QueuescopeInstance | undefined;
let b: QueuescopeInstance | undefined;

function userAdd(connectionString: string, name: string, role: string, password: string): void {
  const run = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/user-add.ts", name, "--role", role, "--password-stdin"],
    {
      cwd: ROOT,
      input: password,
      encoding: "utf8",
      env: { ...process.env, NODE_OPTIONS: undefined, QUEUESCOPE_STATE_CONNECTION_STRING: connectionString },
    },
  );
  if (run.status !== 0) throw new Error(`user:add ${name} failed: ${run.stdout}${run.stderr}`);
}

async function signInAnswer(origin: string, username: string, password: string): Promise<number> {
  const res = await fetch(`${origin}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  await res.body?.cancel();
  return res.status;
}

async function whoAmI(origin: string, cookie: string): Promise<{ mode: string; user: { name: string } | null }> {
  const res = await fetch(`${origin}/api/auth/me`, { headers: { cookie } });
  expect(res.status).toBe(200);
  return (await res.json()) as { mode: string; user: { name: string } | null };
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  store = await startAzurite({ port: 0 });
  for (const u of [USERS.admin, USERS.viewer]) userAdd(store.stateConnectionString, u.username, u.role, u.password);
  const env = { QUEUESCOPE_STATE_CONNECTION_STRING: store.stateConnectionString, QUEUESCOPE_SESSION_SECRET: undefined };
  [a, b] = await Promise.all([startQueuescope({ env }), startQueuescope({ env })]);
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await store?.stop();
});

test("both ask for sign-in (users are in the shared store), and a session from one is good on the other", async () => {
  const cookie = await apiSignIn(a!.url, USERS.admin);
  expect(await whoAmI(a!.url, cookie)).toMatchObject({ mode: "sign-in", user: { name: USERS.admin.username } });
  expect(await whoAmI(b!.url, cookie)).toMatchObject({ mode: "sign-in", user: { name: USERS.admin.username } });
});

test("signing out on one instance ends the session on the other at once", async () => {
  const cookie = await apiSignIn(a!.url, USERS.admin);
  expect((await whoAmI(b!.url, cookie)).user).not.toBeNull();
  const out = await fetch(`${a!.url}/api/auth/sign-out`, { method: "POST", headers: { cookie, origin: a!.url } });
  expect(out.status).toBe(200);
  expect((await whoAmI(b!.url, cookie)).user).toBeNull();
  const audit = await fetch(`${b!.url}/api/audit`, { headers: { cookie } });
  expect(audit.status).toBe(401);
  // Another session of the same user is untouched.
  const other = await apiSignIn(b!.url, USERS.admin);
  expect((await whoAmI(a!.url, other)).user).toMatchObject({ name: USERS.admin.username });
});

test("after a sign-out on one instance the other refuses that session's reads and changes within a second", async () => {
  const cookie = await apiSignIn(a!.url, USERS.admin);
  const queue = `signed-out-${Date.now()}`;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${b!.url}/api/accounts/local/queues${path}`, {
      ...init,
      headers: { cookie, origin: b!.url, "content-type": "application/json", ...init.headers },
    });
  expect((await api("", { method: "POST", body: JSON.stringify({ name: queue }) })).status).toBe(201);
  const sendOne = () => api(`/${queue}/messages`, { method: "POST", body: JSON.stringify({ text: "before" }) });
  expect((await sendOne()).status).toBe(201);
  expect((await api(`/${queue}/messages?count=32`)).status).toBe(200);

  const out = await fetch(`${a!.url}/api/auth/sign-out`, { method: "POST", headers: { cookie, origin: a!.url } });
  expect(out.status).toBe(200);
  // B took the store's word for this session a moment ago, and keeps it for at most a second
  // (README); then it reads the revocation and refuses.
  await expect
    .poll(async () => (await api(`/${queue}/messages?count=32`)).status, { timeout: 10_000, intervals: [100] })
    .toBe(401);
  const peek = await api(`/${queue}/messages?count=32`);
  expect(peek.status).toBe(401);
  expect(await peek.text()).not.toContain("before");
  expect((await sendOne()).status).toBe(401);

  const other = await apiSignIn(b!.url, USERS.admin);
  const seen = await fetch(`${b!.url}/api/accounts/local/queues/${queue}/messages?count=32`, {
    headers: { cookie: other },
  });
  expect(((await seen.json()) as { messages: { text: string }[] }).messages.map((m) => m.text)).toEqual(["before"]);
});

test("the sign-in limit is counted across both instances", async () => {
  const { username, password } = USERS.viewer;
  const wrong = [a, a, a, b, b].map((instance, i) => signInAnswer(instance!.url, username, `wrong-password-${i}-xx`));
  expect(await Promise.all(wrong)).toEqual([401, 401, 401, 401, 401]);
  // The sixth attempt, whichever instance gets it, is refused, even with the right password.
  expect(await signInAnswer(b!.url, username, password)).toBe(429);
  expect(await signInAnswer(a!.url, username, password)).toBe(429);
  // Per name: the admin still signs in on either.
  expect(await signInAnswer(b!.url, USERS.admin.username, USERS.admin.password)).toBe(200);
});
