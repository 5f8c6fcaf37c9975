import "server-only";
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { readUsersFile, type AuthConfig } from "@/lib/config/auth";
import { insertIfAbsent } from "@/lib/state/atomic";
import { getRecord, upsertRecord } from "@/lib/state/store";
import type { AuditEntry } from "@/lib/validation/audit";
import { importAuditEntries } from "./audit";
import { SESSION_KEY_RECORD } from "./session";

/** The "settings" record that says the files were imported (jobs.json is the job engine's own). */
export const IMPORT_MARKER = { partitionKey: "import", rowKey: "auth-files" } as const;
const BATCH = 1000;

function legacyFiles(config: AuthConfig) {
  return {
    users: config.usersFile,
    audit: path.join(config.dataDir, "audit.ndjson"),
    revoked: path.join(config.dataDir, "revoked-sessions.json"),
    secret: path.join(config.dataDir, "session-secret"),
  };
}

/** Old ids were UUIDs; anything that cannot be part of a row key gets a stable digest instead. */
function safeId(id: unknown, line: string): string {
  return typeof id === "string" && /^[\w-]{1,80}$/.test(id)
    ? id
    : `imported-${createHash("sha256").update(line).digest("hex").slice(0, 32)}`;
}

async function importAudit(file: string): Promise<number> {
  let batch: AuditEntry[] = [];
  let count = 0;
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) {
    let entry: AuditEntry;
    try {
      entry = JSON.parse(line) as AuditEntry;
    } catch {
      continue; // blank, or a torn last line after a crash
    }
    if (typeof entry?.at !== "string" || Number.isNaN(Date.parse(entry.at))) continue;
    batch.push({ ...entry, id: safeId(entry.id, line), at: new Date(entry.at).toISOString() });
    if (batch.length >= BATCH) {
      await importAuditEntries(batch);
      count += batch.length;
      batch = [];
    }
  }
  await importAuditEntries(batch);
  return count + batch.length;
}

async function importRevoked(file: string): Promise<void> {
  const now = Date.now() / 1000;
  const map = JSON.parse(readFileSync(file, "utf8")) as Record<string, number>;
  for (const [sid, exp] of Object.entries(map)) {
    if (/^[\w-]{1,100}$/.test(sid) && typeof exp === "number" && exp > now)
      await upsertRecord("sessions", { partitionKey: sid, rowKey: "revoked", exp });
  }
}

/**
 * Imports what earlier versions kept in `.data` files (users, audit log, revoked sessions, the
 * session key) into the state store, once: a marker record says it was done, and every row is
 * keyed by what it holds (a user's name, an entry's id and time, a session id), so a crash halfway
 * and a second run write the same rows again instead of duplicates. Users and the key already in
 * the store win over the files. The files are then renamed `*.imported` and left in place.
 */
export async function importLegacyFiles(config: AuthConfig): Promise<void> {
  const files = legacyFiles(config);
  const present = Object.entries(files).filter(([, file]) => existsSync(file));
  if (present.length === 0) return;
  if (!(await getRecord("settings", IMPORT_MARKER.partitionKey, IMPORT_MARKER.rowKey))) {
    const imported: Record<string, number> = {};
    if (existsSync(files.users)) {
      const users = readUsersFile(files.users, { readFile: (p) => readFileSync(p, "utf8"), exists: existsSync });
      for (const u of users) await insertIfAbsent("users", u.username.toLowerCase(), "user", { ...u });
      imported.users = users.length;
    }
    if (existsSync(files.audit)) imported.audit = await importAudit(files.audit);
    if (existsSync(files.revoked)) await importRevoked(files.revoked);
    if (existsSync(files.secret)) {
      await insertIfAbsent("settings", SESSION_KEY_RECORD.partitionKey, SESSION_KEY_RECORD.rowKey, {
        value: readFileSync(files.secret, "utf8").trim(),
      });
    }
    await upsertRecord("settings", {
      ...IMPORT_MARKER,
      at: new Date().toISOString(),
      files: JSON.stringify(present.map(([, f]) => path.basename(f))),
      counts: JSON.stringify(imported),
    });
    console.log(
      `Queuescope: imported ${present.map(([name]) => name).join(", ")} from ${config.dataDir} into the state store.`,
    );
  }
  for (const [, file] of present) {
    const target = existsSync(`${file}.imported`) ? `${file}.${Date.now()}.imported` : `${file}.imported`;
    renameSync(file, target);
  }
}
