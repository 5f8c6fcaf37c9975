// `npm run user:add` as an administrator runs it: a real process, a real users file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { readUsersFile } from "@/lib/config/auth";
import { verifyPassword } from "@/lib/security/password";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
let dir: string;
let file: string;

function userAdd(args: string[], stdin = "") {
  const result = spawnSync(process.execPath, ["--import", "tsx", "scripts/user-add.ts", ...args], {
    cwd: ROOT,
    input: stdin,
    encoding: "utf8",
    env: { ...process.env, QUEUESCOPE_DATA_DIR: dir, QUEUESCOPE_USERS_FILE: undefined },
  });
  return { code: result.status, out: `${result.stdout}${result.stderr}` };
}

const users = () => readUsersFile(file, { readFile: (p) => readFileSync(p, "utf8"), exists: (p) => statSync(p, { throwIfNoEntry: false }) !== undefined });

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "queuescope-useradd-"));
  file = path.join(dir, "users.json");
});

describe("npm run user:add", () => {
  it("stores a scrypt hash that verifies, never the password, in a file only its owner can read", async () => {
    const run = userAdd(["alice", "--role", "operator", "--password-stdin"], "correct horse battery\n");
    expect(run.code, run.out).toBe(0);
    expect(run.out).toContain("added alice (operator)");
    expect(run.out).not.toContain("correct horse battery");
    const text = readFileSync(file, "utf8");
    expect(text).not.toContain("correct horse battery");
    expect(statSync(file).mode & 0o077).toBe(0);
    const [alice] = users();
    expect(alice).toMatchObject({ username: "alice", role: "operator" });
    expect(alice!.passwordHash).toMatch(/^scrypt\$/);
    expect(await verifyPassword("correct horse battery", alice!.passwordHash)).toBe(true);
    expect(await verifyPassword("correct horse batterY", alice!.passwordHash)).toBe(false);
  });

  it("updates a user's role and password in place, and removes a user", async () => {
    expect(userAdd(["bob", "--role", "viewer", "--password-stdin"], "first-password-1").code).toBe(0);
    expect(userAdd(["carol", "--role", "admin", "--password-stdin"], "carols-password-1").code).toBe(0);
    const update = userAdd(["bob", "--role=admin", "--password-stdin"], "second-password-2");
    expect(update.out).toContain("updated bob (admin)");
    const bob = users().find((u) => u.username === "bob")!;
    expect(bob.role).toBe("admin");
    expect(await verifyPassword("second-password-2", bob.passwordHash)).toBe(true);
    expect(await verifyPassword("first-password-1", bob.passwordHash)).toBe(false);
    expect(users()).toHaveLength(2);

    const remove = userAdd(["bob", "--remove"]);
    expect(remove.code, remove.out).toBe(0);
    expect(users().map((u) => u.username)).toEqual(["carol"]);
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
  ])("refuses %j with a message and changes nothing", (args, stdin, message) => {
    writeFileSync(file, `${JSON.stringify({ users: [] })}\n`);
    const before = readFileSync(file, "utf8");
    const run = userAdd(args, stdin);
    expect(run.code).toBe(2);
    expect(run.out).toContain(message);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("refuses to touch a users file it cannot read, naming it", () => {
    writeFileSync(file, "{ not json");
    const run = userAdd(["erin", "--role", "viewer", "--password-stdin"], "long-enough-password");
    expect(run.code).toBe(2);
    expect(run.out).toContain(file);
    expect(readFileSync(file, "utf8")).toBe("{ not json");
  });
});
