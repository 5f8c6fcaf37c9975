import "server-only";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { readUsersFile, type UserRecord } from "@/lib/config/auth";
import { DUMMY_HASH, verifyPassword } from "@/lib/security/password";
import { getAuthConfig } from "./config";

const cache = globalThis as typeof globalThis & { __queuescopeUsers?: { mtimeMs: number; file: string; users: UserRecord[] } };

/** Local users, re-read when the file changes: removing a user or changing a role takes effect at once. */
export function localUsers(): UserRecord[] {
  const file = getAuthConfig().usersFile;
  const mtimeMs = existsSync(file) ? statSync(file).mtimeMs : 0;
  const hit = cache.__queuescopeUsers;
  if (hit && hit.file === file && hit.mtimeMs === mtimeMs) return hit.users;
  const users = readUsersFile(file, { readFile: (p) => readFileSync(p, "utf8"), exists: existsSync });
  cache.__queuescopeUsers = { file, mtimeMs, users };
  return users;
}

export function findLocalUser(username: string): UserRecord | undefined {
  const wanted = username.toLowerCase();
  return localUsers().find((u) => u.username.toLowerCase() === wanted);
}

/**
 * A short digest of the user's password hash, kept in their sessions: a new password (or the
 * name removed and added again) ends every session signed in with the old one.
 */
export function passwordStamp(user: UserRecord): string {
  return createHash("sha256").update(user.passwordHash).digest("base64url").slice(0, 16);
}

/** The user when the password matches; unknown names take as long as wrong passwords. */
export async function checkCredentials(username: string, password: string): Promise<UserRecord | null> {
  const user = findLocalUser(username);
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  return user && ok ? user : null;
}
