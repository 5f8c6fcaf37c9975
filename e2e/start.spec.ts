// The start script's refusals and its clean stop: no browser involved.
import { existsSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { expect, test } from "./support/fixtures";
import { startWithUsers, USERS } from "./support/auth";
import {
  isAlive,
  runStartExpectingExit,
  startQueuescope,
  tempDir,
  type QueuescopeInstance,
} from "./support/queuescope";
import { startBareAzurite } from "./support/storage";

test.describe.configure({ mode: "parallel" });

test("a second start on the same data directory refuses to run", async ({ app }) => {
  const { code, output } = await runStartExpectingExit({ dataDir: app.dataDir });
  expect(output).toContain("already running");
  expect(output).toContain(`(pid ${app.lock().pid}) at ${app.url}`);
  expect(code).toBe(1);
  expect(app.lock().url, "the running instance's lock file is untouched").toBe(app.url);
});

test("an invalid QUEUESCOPE_ACCOUNTS file is refused, naming the entry and the field", async () => {
  const dir = tempDir("accounts");
  try {
    const file = path.join(dir, "accounts.json");
    writeFileSync(
      file,
      JSON.stringify([
        { id: "a", name: "A", connectionString: "UseDevelopmentStorage=true" },
        { id: "b", name: "B", accountName: "x", accountKey: "not base64!" },
      ]),
    );
    const { code, output } = await runStartExpectingExit({ env: { QUEUESCOPE_ACCOUNTS: file } });
    expect(output).toContain("invalid configuration");
    expect(output).toContain('entry 1 ("b")');
    expect(output).toContain("accountKey");
    expect(output).not.toContain("not base64!");
    expect(code).toBe(1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("HOSTNAME=0.0.0.0 is refused while sign-in is not configured", async () => {
  const { code, output } = await runStartExpectingExit({ env: { HOSTNAME: "0.0.0.0" } });
  expect(output).toMatch(/loopback/i);
  expect(output).toContain("HOSTNAME=0.0.0.0");
  expect(code).toBe(1);
});

/** A GET with a Host header of our choosing (fetch would always send the URL's own). */
function getWithHost(url: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host } }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}

test("local mode answers only requests addressed to a loopback name (no DNS rebinding)", async ({ app }) => {
  const port = new URL(app.url).port;
  const rebound = await getWithHost(`${app.url}/api/accounts`, `attacker.example:${port}`);
  expect(rebound.status).toBe(421);
  expect(rebound.body).toContain("only answers requests addressed to 127.0.0.1 or localhost");
  expect(rebound.body, "no account data behind a rebound name").not.toContain(`"id":"local"`);
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
    const answer = await getWithHost(`${app.url}/api/accounts`, host);
    expect(answer.status, host).toBe(200);
    expect(answer.body).toContain(`"id":"local"`);
  }
});

test("with users configured it may listen on every interface, and then asks everyone to sign in", async () => {
  test.setTimeout(150_000);
  const instance = await startWithUsers({ env: { HOSTNAME: "0.0.0.0" }, users: [USERS.viewer] });
  try {
    expect(instance.output()).toMatch(/sign-in with local users \(in the state store\)/);
    const port = new URL(instance.url).port;
    const api = `http://127.0.0.1:${port}/api/accounts`;
    // Any Host is answered (the deployment's own name), but nothing without a session.
    const anonymous = await getWithHost(api, `queuescope.example:${port}`);
    expect(anonymous.status).toBe(401);
    expect(JSON.parse(anonymous.body).error.code).toBe("unauthorized");
    const page = await getWithHost(`http://127.0.0.1:${port}/accounts/local/queues`, `queuescope.example:${port}`);
    expect(page.status).toBe(307);
  } finally {
    await instance.stop();
  }
});

test("SIGTERM to the start script stops the dashboard and its emulator and removes the lock file", async () => {
  test.setTimeout(150_000);
  const dataDir = tempDir("sigterm");
  let instance: QueuescopeInstance | undefined;
  try {
    instance = await startQueuescope({ dataDir });
    const lock = instance.lock();
    expect(lock.url).toBe(instance.url);
    const pids = [lock.pid, lock.nextPid, lock.azuritePid];
    for (const pid of pids) expect(isAlive(pid), `pid ${pid} runs`).toBe(true);
    expect(((await (await fetch(`${instance.url}/api/health`)).json()) as { status: string }).status).toBe("ok");

    // `kill <pid>` with the pid the lock file (and the "already running" message) gives.
    process.kill(lock.pid, "SIGTERM");
    const child = instance.process;
    const code = child.exitCode ?? (await new Promise<number | null>((resolve) => child.once("exit", resolve)));
    expect(code).toBe(0);
    for (const pid of pids) expect(isAlive(pid), `pid ${pid} is gone`).toBe(false);
    expect(existsSync(path.join(dataDir, "queuescope.lock.json"))).toBe(false);
    await expect(fetch(`${instance.url}/api/health`)).rejects.toThrow();
  } finally {
    await instance?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a state store that cannot be reached stops the start with a clear message", async () => {
  const dead =
    "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=;BlobEndpoint=http://127.0.0.1:9/devstoreaccount1;TableEndpoint=http://127.0.0.1:9/devstoreaccount1;";
  const { code, output } = await runStartExpectingExit({
    env: { QUEUESCOPE_STATE_CONNECTION_STRING: dead },
    timeoutMs: 90_000,
  });
  expect(output).toContain("state store did not answer");
  expect(output).not.toContain("c2VjcmV0LWtleS10aGF0LW11c3Qtbm90LWxlYWs=");
  expect(code).toBe(1);
});

test("a state store that refuses the credential stops the start, saying so, without the key", async () => {
  const azurite = await startBareAzurite();
  const wrongKey = Buffer.from("not-the-account-key-at-all-00000").toString("base64");
  try {
    const { code, output } = await runStartExpectingExit({
      env: {
        QUEUESCOPE_STATE_CONNECTION_STRING: azurite.stateConnectionString.replace(
          /AccountKey=[^;]+/,
          `AccountKey=${wrongKey}`,
        ),
      },
      timeoutMs: 90_000,
    });
    expect(output).toContain("state store refused the credential");
    expect(output).not.toContain(wrongKey);
    expect(code).toBe(1);
  } finally {
    await azurite.stop();
  }
});
