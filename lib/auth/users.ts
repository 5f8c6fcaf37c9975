import "server-only";
import { createHash } from "node:crypto";
import { userRecordSchema, type UserRecord } from "@/lib/config/auth";
import { DUMMY_HASH, verifyPassword } from "@/lib/security/password";
import { deleteRecord, getRecord, queryRecords, upsertRecord } from "@/lib/state/store";
import { forgetConfirmations } from "./session";

/*
 * Local users live in the state store's "users" table, one record per name (partition: the name in
 * lower case). Every sign-in and every request reads the user again (one point read), so a removal,
 * a role change or a new password applies at once on every instance.
 */
const ROW = "user";

const key = (username: string) => username.toLowerCase();

export async function findLocalUser(username: string): Promise<UserRecord | undefined> {
  if (!userRecordSchema.shape.username.safeParse(username).success) return undefined;
  const record = await getRecord<UserRecord>("users", key(username), ROW);
  if (!record) return undefined;
  // A record edited by hand that is not a valid user signs nobody in.
  const parsed = userRecordSchema.safeParse({
    username: record.username,
    role: record.role,
    passwordHash: record.passwordHash,
  });
  return parsed.success ? parsed.data : undefined;
}

export async function hasLocalUsers(): Promise<boolean> {
  return (await queryRecords("users", { limit: 1 })).length > 0;
}

export async function listLocalUsers(): Promise<UserRecord[]> {
  return (await queryRecords<UserRecord>("users")).map(({ username, role, passwordHash }) => ({
    username,
    role,
    passwordHash,
  }));
}

/** Adds or replaces a user; answers whether the name was new. */
export async function putLocalUser(user: UserRecord): Promise<"added" | "updated"> {
  const existed = (await getRecord("users", key(user.username), ROW)) !== null;
  await upsertRecord("users", { partitionKey: key(user.username), rowKey: ROW, ...userRecordSchema.parse(user) });
  forgetConfirmations();
  return existed ? "updated" : "added";
}

/** Answers false when there was no such user. */
export async function removeLocalUser(username: string): Promise<boolean> {
  if (!(await getRecord("users", key(username), ROW))) return false;
  await deleteRecord("users", key(username), ROW);
  forgetConfirmations();
  return true;
}

/**
 * A short digest of the user's password hash, kept in their sessions: a new password (or the
 * name removed and added again) ends every session signed in with the old one.
 */
export function passwordStamp(user: UserRecord): string {
  return createHash("sha256").update(user.passwordHash).digest("base64url").slice(0, 16);
}

const timing = globalThis as typeof globalThis & { __queuescopeCheckMs?: number };

/**
 * The user when the password matches. A made-up name costs no CPU (so guesses at made-up names
 * cannot crowd out real sign-ins) but takes as long as a real check: it waits for the running
 * average of recent checks (the first one in a process checks a dummy hash to measure).
 */
export async function checkCredentials(username: string, password: string): Promise<UserRecord | null> {
  const user = await findLocalUser(username);
  if (!user && timing.__queuescopeCheckMs !== undefined) {
    await new Promise((r) => setTimeout(r, timing.__queuescopeCheckMs! * (0.9 + Math.random() * 0.2)));
    return null;
  }
  const started = performance.now();
  const ok = await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH);
  const took = performance.now() - started;
  timing.__queuescopeCheckMs =
    timing.__queuescopeCheckMs === undefined ? took : timing.__queuescopeCheckMs * 0.8 + took * 0.2;
  return user && ok ? user : null;
}
