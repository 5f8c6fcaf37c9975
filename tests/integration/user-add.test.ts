// `npm run user:add` as an administrator runs it: a real process writing to the state store, through
// the configured store, through a running start's emulator (its lock file), or through an emulator
// of its own on the data folder when nothing runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { listLocalUsers } from "@/lib/auth/users";
import type { UserRecord } from "@/lib/config/auth";
import { hashPassword, verifyPassword } from "@/lib/security/password";
import { resetStateClients } from "@/lib/state/store";
import { startAzurite, type AzuriteProcess } from "../../scripts/lib/azurite";
// Aliased: a name starting with "use" reads as a React hook to the linter.
import { useEnv as applyEnv } from "../support/api";
import { freshStatePrefix } from "../support/auth";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
let dir: string;

/** Runs the script as `npm run user:add` does; `env` adds to (or, with undefined, removes from) this file's environment. */
function userAdd(args: string[], stdin = "", env: Record<string, string | undefined> = {}) {
  const result = spawnSync(
    process.execPath,
    ["--conditions=react-server", "--import", "tsx", "scripts/user-add.ts", ...args],
    {
      cwd: ROOT,
      input: stdin,
      encoding: "utf8",
      env: Object.fromEntries(
        Object.entries({ ...process.env, QUEUESCOPE_DATA_DIR: dir, QUEUESCOPE_USERS_FILE: undefined, ...env }).filter(
          ([, v]) => v !== undefined,
        ),
      ) as NodeJS.ProcessEnv,
    },
  );
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const users = () => listLocalUsers();

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "queuescope-useradd-"));
  applyEnv({ QUEUESCOPE_STATE_PREFIX: freshStatePrefix() });
});

describe("npm run user:add, with the state store configured", () => {
  it("stores a scrypt hash that verifies, never the password", async () => {
    const run = userAdd(["alice", "--role", "operator", "--password-stdin"], "correct horse battery\n");
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain("added alice (operator)");
    expect(run.out).not.toContain("correct horse battery");
    const [alice, ...rest] = await users();
    expect(rest).toEqual([]);
    expect(alice).toMatchObject({ username: "alice", role: "operator" });
    expect(alice!.passwordHash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(alice)).not.toContain("correct horse battery");
    expect(await verifyPassword("correct horse battery", alice!.passwordHash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", alice!.passwordHash)).toBe(false);
    // Nothing lands in the data folder: the store holds it.
    expect(existsSync(path.join(dir, "users.json"))).toBe(false);
  });

  it("updates a user's role and password in place, and removes a user", async () => {
    expect(userAdd(["bob", "--role", "viewer", "--password-stdin"], "first-password-1").code).toBe(0);
    expect(userAdd(["carol", "--role", "admin", "--password-stdin"], "carols-password-1").code).toBe(0);
    const update = userAdd(["bob", "--role=admin", "--password-stdin"], "second-password-2");
    expect(update.out).toContain("updated bob (admin)");
    const bob = (await users()).find((u) => u.username === "bob")!;
    expect(bob.role).toBe("admin");
    expect(await verifyPassword("second-password-2", bob.passwordHash)).toBe(true);
    expect(await verifyPassword("first-password-1", bob.passwordHash)).toBe(false);
    expect(await users()).toHaveLength(2);

    const remove = userAdd(["BOB", "--remove"]);
    expect(remove.code, remove.out).toBe(0);
    expect((await users()).map((u) => u.username)).toEqual(["carol"]);
    expect(userAdd(["bob", "--remove"]).out).toContain('there is no user "bob"');
  });

  it.each([
    [["dave", "--password-stdin"], "long-enough-password", "say which role"],
    [["dave", "--role", "root", "--password-stdin"], "long-enough-password", "say which role"],
    [["dave", "--role", "viewer", "--password-stdin"], "short", "at least 12 characters"],
    [["dave", "--role", "viewer", "--password-stdin"], "x".repeat(1025), "at most 1024 characters"],
    [["da ve", "--role", "viewer", "--password-stdin"], "long-enough-password", "not a valid user name"],
    [["../etc/passwd", "--role", "viewer", "--password-stdin"], "long-enough-password", "not a valid user name"],
    [["--role", "viewer", "--password-stdin"], "long-enough-password", "usage"],
    [["dave", "--role", "viewer", "--pasword-stdin"], "long-enough-password", 'unknown argument "--pasword-stdin"'],
    [["dave", "--role", "viewer"], "", "pipe it in with --password-stdin"],
  ])("refuses %j with a message and changes nothing", async (args, stdin, message) => {
    const run = userAdd(args, stdin);
    expect(run.code).toBe(2);
    expect(run.out).toContain(message);
    expect(await users()).toEqual([]);
  });

  it("imports a users file of an earlier version first, then applies the change on top", async () => {
    const old: UserRecord = {
      username: "olive",
      role: "viewer",
      passwordHash: await hashPassword("olives-password-1"),
    };
    writeFileSync(path.join(dir, "users.json"), JSON.stringify({ users: [old] }), { mode: 0o600 });
    expect(userAdd(["olive", "--role", "admin", "--password-stdin"], "olives-password-2").out).toContain(
      "updated olive (admin)",
    );
    expect(await users()).toEqual([expect.objectContaining({ username: "olive", role: "admin" })]);
    expect(existsSync(path.join(dir, "users.json.imported"))).toBe(true);
  });

  it("refuses a users file of an earlier version it cannot read, naming it, and changes nothing", async () => {
    const file = path.join(dir, "users.json");
    writeFileSync(file, "{ not json");
    const run = userAdd(["erin", "--role", "viewer", "--password-stdin"], "long-enough-password");
    expect(run.code).toBe(2);
    expect(run.out).toContain(file);
    expect(await users()).toEqual([]);
  });
});

describe("npm run user:add with nothing configured (the embedded emulator's store)", () => {
  const embedded = {
    QUEUESCOPE_STATE_CONNECTION_STRING: undefined,
    QUEUESCOPE_STATE_ACCOUNT_URL: undefined,
    QUEUESCOPE_STATE_PREFIX: undefined,
  };
  let running: AzuriteProcess | undefined;
  const saved = process.env.QUEUESCOPE_STATE_CONNECTION_STRING;
  afterAll(async () => {
    await running?.stop();
    applyEnv({ QUEUESCOPE_STATE_CONNECTION_STRING: saved });
  });

  /** The users in the emulator store under `dir`, read through an emulator started on it. */
  async function usersOnDisk(): Promise<UserRecord[]> {
    const azurite = await startAzurite({ location: path.join(dir, "azurite") });
    try {
      applyEnv({
        QUEUESCOPE_STATE_CONNECTION_STRING: azurite.stateConnectionString,
        QUEUESCOPE_STATE_PREFIX: undefined,
      });
      return await users();
    } finally {
      resetStateClients();
      await azurite.stop();
    }
  }

  it("before the first start: starts the emulator on the data folder (created 0700), writes, and stops it", async () => {
    const fresh = path.join(dir, "never-started");
    dir = fresh;
    const run = userAdd(["frank", "--role", "admin", "--password-stdin"], "franks-password-1", embedded);
    expect(run.code, run.out).toBe(0);
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    expect((await usersOnDisk()).map((u) => u.username)).toEqual(["frank"]);
  });

  it("while `npm start` runs: writes through its emulator, named in the lock file", async () => {
    running = await startAzurite({ location: path.join(dir, "azurite") });
    // What a running start writes: its own pid stands for it (alive), and its state store.
    writeFileSync(
      path.join(dir, "queuescope.lock.json"),
      JSON.stringify({
        pid: process.pid,
        url: "http://127.0.0.1:1",
        stateConnectionString: running.stateConnectionString,
      }),
    );
    const run = userAdd(["grace", "--role", "viewer", "--password-stdin"], "graces-password-1", embedded);
    expect(run.code, run.out).toBe(0);
    applyEnv({ QUEUESCOPE_STATE_CONNECTION_STRING: running.stateConnectionString, QUEUESCOPE_STATE_PREFIX: undefined });
    expect((await users()).map((u) => u.username)).toEqual(["grace"]);
  });
});
