// Queuescope instances with sign-in configured, and signing in the way a user does.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, type Browser, type Page } from "@playwright/test";
import type { Role } from "../../lib/config/auth";
import { hashPassword } from "../../lib/security/password";
import { startQueuescope, tempDir, type QueuescopeInstance, type StartOptions } from "./queuescope";

export interface TestUser {
  username: string;
  role: Role;
  password: string;
}

/** One user of each role; passwords meet the 12-character minimum. */
export const USERS = {
  admin: { username: "ada", role: "admin", password: "admin-password-111" },
  operator: { username: "olga", role: "operator", password: "operator-password-1" },
  viewer: { username: "vic", role: "viewer", password: "viewer-password-11" },
} as const satisfies Record<Role, TestUser>;

/** Writes `<dataDir>/users.json` the way `npm run user:add` does (scrypt hashes, never the passwords). */
export async function writeUsers(dataDir: string, users: readonly TestUser[]): Promise<void> {
  const records = await Promise.all(
    users.map(async (u) => ({ username: u.username, role: u.role, passwordHash: await hashPassword(u.password) })),
  );
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(path.join(dataDir, "users.json"), `${JSON.stringify({ users: records }, null, 2)}\n`, { mode: 0o600 });
}

/** A Queuescope of its own with local users (by default one per role) on a fresh data directory. */
export async function startWithUsers(
  opts: StartOptions & { users?: readonly TestUser[] } = {},
): Promise<QueuescopeInstance> {
  const dataDir = opts.dataDir ?? tempDir("auth");
  await writeUsers(dataDir, opts.users ?? Object.values(USERS));
  const instance = await startQueuescope({ ...opts, dataDir });
  const stop = instance.stop;
  return {
    ...instance,
    // startQueuescope only removes data directories it created itself.
    stop: async () => {
      await stop();
      if (!opts.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The sign-in form as a user fills it. Does not wait for where the app goes next. */
export async function submitSignIn(page: Page, user: Pick<TestUser, "username" | "password">): Promise<void> {
  const form = page.getByRole("form", { name: "Local account sign-in" });
  await form.getByRole("textbox", { name: "User name" }).fill(user.username);
  await form.getByLabel("Password").fill(user.password);
  await form.getByRole("button", { name: "Sign in" }).click();
}

/** Opens /login on `origin`, signs in and waits for the signed-in header. */
export async function signIn(page: Page, origin: string, user: TestUser, next = "/"): Promise<void> {
  await page.goto(`${origin}/login?next=${encodeURIComponent(next)}`);
  await submitSignIn(page, user);
  await expect(page.getByLabel(new RegExp(`^Role: ${user.role}\\.`))).toBeVisible();
}

/** The header's sign-out button; resolves on the login page's "signed out" notice. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("status").filter({ hasText: "You have signed out." })).toBeVisible();
}

/** Signs in through the API the way a script would; resolves with the `Cookie` header value for later calls. */
export async function apiSignIn(origin: string, user: Pick<TestUser, "username" | "password">): Promise<string> {
  const res = await fetch(`${origin}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username: user.username, password: user.password }),
  });
  if (!res.ok)
    throw new Error(`POST /api/auth/sign-in as ${user.username} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.getSetCookie().find((c) => c.startsWith("qs_session="));
  if (!cookie) throw new Error("the sign-in answer set no qs_session cookie");
  return cookie.split(";")[0]!;
}

/** queueEndpointOf for an instance with sign-in: GET /api/accounts needs a session. */
export async function queueEndpointAs(origin: string, user: TestUser, accountId = "local"): Promise<string> {
  const res = await fetch(`${origin}/api/accounts`, { headers: { cookie: await apiSignIn(origin, user) } });
  if (!res.ok) throw new Error(`GET /api/accounts answered ${res.status}`);
  const { accounts } = (await res.json()) as { accounts: { id: string; queueEndpoint: string }[] };
  const account = accounts.find((a) => a.id === accountId);
  if (!account) throw new Error(`no account "${accountId}" in GET /api/accounts`);
  return account.queueEndpoint;
}

/** Runs `run` in a browser context of its own (its own cookies), closed afterwards. */
export async function withFreshPage<T>(browser: Browser, run: (page: Page) => Promise<T>): Promise<T> {
  const context = await browser.newContext();
  try {
    return await run(await context.newPage());
  } finally {
    await context.close();
  }
}

/**
 * The whole audit log of an instance, oldest first, read through GET /api/audit page by page (the
 * log lives in the state store). `cookie`: an admin's, when sign-in is configured.
 */
export async function auditLog(
  origin: string,
  cookie?: string,
): Promise<{ entries: Array<Record<string, unknown>>; text: string }> {
  const entries: Array<Record<string, unknown>> = [];
  let cursor = "";
  do {
    const res = await fetch(`${origin}/api/audit?limit=500${cursor ? `&cursor=${cursor}` : ""}`, {
      headers: cookie ? { cookie } : {},
    });
    if (!res.ok) throw new Error(`GET /api/audit answered ${res.status}: ${await res.text()}`);
    const page = (await res.json()) as { entries: Array<Record<string, unknown>>; nextCursor: string | null };
    entries.push(...page.entries);
    cursor = page.nextCursor ?? "";
  } while (cursor);
  entries.reverse();
  return { entries, text: entries.map((e) => `${JSON.stringify(e)}\n`).join("") };
}
