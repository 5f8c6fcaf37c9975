// Files of earlier versions (users.json, audit.ndjson, revoked-sessions.json, session-secret) are
// imported into the state store once, on the first start with it, then renamed *.imported.
import { copyFileSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { IMPORT_MARKER, importLegacyFiles } from "@/lib/auth/import-legacy";
import { authReady } from "@/lib/auth/ready";
import { readSession, signValue, type SessionClaims } from "@/lib/auth/session";
import { listLocalUsers } from "@/lib/auth/users";
import { loadAuthConfig } from "@/lib/config/auth";
import { hashPassword } from "@/lib/security/password";
import { deleteRecord, getRecord } from "@/lib/state/store";
import type { AuditEntry } from "@/lib/validation/audit";
import { useEnv } from "../support/api";
import { auditEntries, freshStatePrefix } from "../support/auth";

const SECRET = "an-old-session-secret-kept-in-the-data-folder-xx";
const now = Math.floor(Date.now() / 1000);
let dir: string;

const entry = (n: number, day: string): AuditEntry => ({
  id: `0000000${n}-aaaa-bbbb-cccc-dddddddddddd`,
  at: `${day}T10:0${n}:00.000Z`,
  user: "ada",
  role: "admin",
  via: "password",
  action: "queue.delete",
  queue: `q${n}`,
  outcome: "ok",
  status: 204,
});
const OLD_AUDIT = [entry(1, "2030-05-01"), entry(2, "2030-05-01"), entry(3, "2030-05-03")];
const revokedClaims: SessionClaims = {
  sid: "revoked-sid-1",
  sub: "ada",
  name: "ada",
  role: "admin",
  via: "password",
  iat: now,
  exp: now + 3600,
};

async function writeOldFiles(): Promise<void> {
  writeFileSync(
    path.join(dir, "users.json"),
    JSON.stringify({
      users: [{ username: "ada", role: "admin", passwordHash: await hashPassword("adas-password-1") }],
    }),
  );
  // A torn last line, as a crash left it, is skipped.
  writeFileSync(
    path.join(dir, "audit.ndjson"),
    `${OLD_AUDIT.map((e) => JSON.stringify(e)).join("\n")}\n{"id":"torn","at":"2030-0`,
  );
  writeFileSync(
    path.join(dir, "revoked-sessions.json"),
    JSON.stringify({ [revokedClaims.sid]: revokedClaims.exp, "long-expired": now - 10 }),
  );
  writeFileSync(path.join(dir, "session-secret"), SECRET);
}

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "queuescope-import-"));
  useEnv({
    QUEUESCOPE_DATA_DIR: dir,
    QUEUESCOPE_STATE_PREFIX: freshStatePrefix(),
    QUEUESCOPE_USERS_FILE: undefined,
    QUEUESCOPE_SESSION_SECRET: undefined,
  });
  vi.spyOn(console, "log").mockImplementation(() => {});
  await writeOldFiles();
});

describe("importing the files of earlier versions", () => {
  it("on the first start: users (sign-in mode), audit entries, revocations and the key, then the files are renamed", async () => {
    const config = await authReady();
    expect(config.mode).toBe("sign-in");
    expect((await listLocalUsers()).map((u) => u.username)).toEqual(["ada"]);
    expect(await auditEntries()).toEqual(OLD_AUDIT);
    // Sessions signed with the old key still work, and the old sign-outs still hold.
    expect(await readSession(signValue("session", revokedClaims))).toBeNull();
    const other = { ...revokedClaims, sid: "still-valid" };
    expect(await readSession(signValue("session", other))).toEqual(other);
    expect(await getRecord("sessions", "long-expired", "revoked")).toBeNull();
    expect(readdirSync(dir).sort()).toEqual([
      "audit.ndjson.imported",
      "revoked-sessions.json.imported",
      "session-secret.imported",
      "users.json.imported",
    ]);
    expect(await getRecord("settings", IMPORT_MARKER.partitionKey, IMPORT_MARKER.rowKey)).toMatchObject({
      counts: JSON.stringify({ users: 1, audit: 3 }),
    });
  });

  it("a crash halfway and a second run write the same rows, never duplicates", async () => {
    const config = loadAuthConfig({ env: process.env });
    await importLegacyFiles(config);
    // As if the process had died before writing the marker and renaming: the files are there again.
    await deleteRecord("settings", IMPORT_MARKER.partitionKey, IMPORT_MARKER.rowKey);
    for (const f of ["users.json", "audit.ndjson", "revoked-sessions.json", "session-secret"])
      copyFileSync(path.join(dir, `${f}.imported`), path.join(dir, f));
    await importLegacyFiles(config);
    expect(await auditEntries()).toEqual(OLD_AUDIT);
    expect(await listLocalUsers()).toHaveLength(1);
    expect(existsSync(path.join(dir, "audit.ndjson.imported"))).toBe(true);
  });

  it("once only: files that reappear after the import are renamed but not imported over newer state", async () => {
    const config = loadAuthConfig({ env: process.env });
    await importLegacyFiles(config);
    writeFileSync(path.join(dir, "audit.ndjson"), `${JSON.stringify(entry(4, "2030-05-04"))}\n`);
    await importLegacyFiles(config);
    expect(await auditEntries()).toEqual(OLD_AUDIT);
    expect(existsSync(path.join(dir, "audit.ndjson"))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith("audit.ndjson")).length).toBe(2);
  });
});
