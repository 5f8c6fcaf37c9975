// Signed values, the signing key kept in the state store, and revocations (real Azurite).
import { createHmac, randomBytes } from "node:crypto";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { resetAuthConfig } from "@/lib/auth/config";
import { getRecord } from "@/lib/state/store";
import {
  clearCookie,
  loadSessionKey,
  newSession,
  readSession,
  resetSessionState,
  revokeSession,
  sessionCookie,
  SESSION_COOKIE,
  SESSION_KEY_RECORD,
  signValue,
  verifyValue,
} from "@/lib/auth/session";

const saved = { ...process.env };

/** Fresh state-store tables (so a fresh generated key), as a new deployment would have. */
async function useStore(env: Record<string, string | undefined> = {}): Promise<void> {
  process.env.QUEUESCOPE_STATE_PREFIX = `qs${randomBytes(5).toString("hex")}`;
  delete process.env.QUEUESCOPE_SESSION_SECRET;
  delete process.env.QUEUESCOPE_SESSION_TTL;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetAuthConfig();
  resetSessionState();
  await loadSessionKey();
}
const storedKey = async () =>
  String(
    (await getRecord<{ value: string }>("settings", SESSION_KEY_RECORD.partitionKey, SESSION_KEY_RECORD.rowKey))
      ?.value ?? "",
  );

beforeEach(() => useStore());
afterAll(() => {
  process.env = saved;
  resetAuthConfig();
  resetSessionState();
});

const SEC = 1000;
const T0 = Date.UTC(2030, 0, 1);
const value = (exp = T0 / SEC + 3600) => ({ sub: "alice", role: "viewer", exp });
const b64 = (s: string) => Buffer.from(s).toString("base64url");
/** Flips one base64url character so the bytes it stands for change (its high bit is always data). */
function flip(token: string, at: number): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  const i = alphabet.indexOf(token[at]!);
  return token.slice(0, at) + alphabet[i ^ 32] + token.slice(at + 1);
}
const macWith = (secret: string, purpose: string, payload: string) =>
  createHmac("sha256", secret).update(`${purpose}.${payload}`).digest("base64url");

describe("signValue / verifyValue", () => {
  it("round-trips a value for the same purpose", () => {
    const token = signValue("session", value());
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(verifyValue("session", token, T0)).toEqual(value());
  });

  it("keeps purposes apart: a token for one purpose is refused for another", () => {
    const state = signValue("oidc-state", value());
    expect(verifyValue("session", state, T0)).toBeNull();
    expect(verifyValue("oidc-state", state, T0)).not.toBeNull();
    expect(verifyValue("session.", signValue("session", value()), T0)).toBeNull();
  });

  it("refuses a token with any single character changed", () => {
    const token = signValue("session", value());
    const positions = [...token].map((_, i) => i).filter((i) => token[i] !== ".");
    for (const i of positions) expect(verifyValue("session", flip(token, i), T0), `position ${i}`).toBeNull();
    expect(positions.length).toBeGreaterThan(60);
  });

  it("refuses a payload changed to claim more, even when re-encoded cleanly", () => {
    const token = signValue("session", value());
    const [, sig] = token.split(".");
    expect(verifyValue("session", `${b64(JSON.stringify({ ...value(), role: "admin" }))}.${sig}`, T0)).toBeNull();
  });

  it("is valid until one millisecond before its expiry and refused from the expiry on", () => {
    const token = signValue("session", value(T0 / SEC + 60));
    expect(verifyValue("session", token, T0 + 60 * SEC - 1)).not.toBeNull();
    expect(verifyValue("session", token, T0 + 60 * SEC)).toBeNull();
    expect(verifyValue("session", token, T0 + 61 * SEC)).toBeNull();
  });

  it.each([
    ["no exp", { sub: "alice" }],
    ["exp as a string", { sub: "alice", exp: "99999999999" }],
    ["exp null", { sub: "alice", exp: null }],
  ])("refuses a correctly signed value with %s", (_label, v) => {
    expect(verifyValue("session", signValue("session", v), T0)).toBeNull();
  });

  it("refuses extra dot segments, missing parts and empty tokens", () => {
    const token = signValue("session", value());
    const [payload, sig] = token.split(".");
    for (const bad of [
      `${token}.`,
      `${token}.extra`,
      `${payload}.${sig}.${sig}`,
      `${payload}.`,
      `.${sig}`,
      payload!,
      "",
      ".",
    ]) {
      expect(verifyValue("session", bad, T0), bad.slice(0, 20)).toBeNull();
    }
    expect(verifyValue("session", undefined, T0)).toBeNull();
  });

  it("refuses tokens over 4 KiB before checking them, however well signed", () => {
    const fits = signValue("session", { ...value(), pad: "p".repeat(2500) });
    expect(fits.length).toBeLessThan(4096);
    expect(verifyValue("session", fits, T0)).not.toBeNull();
    const tooBig = signValue("session", { ...value(), pad: "p".repeat(3500) });
    expect(tooBig.length).toBeGreaterThan(4096);
    expect(verifyValue("session", tooBig, T0)).toBeNull();
  });

  it("refuses a correctly signed payload that is not JSON", async () => {
    const secret = await storedKey();
    const payload = b64("not json");
    expect(verifyValue("session", `${payload}.${macWith(secret, "session", payload)}`, T0)).toBeNull();
    // The same construction with JSON is accepted: the key read from the store is the real one.
    const good = b64(JSON.stringify(value()));
    expect(verifyValue("session", `${good}.${macWith(secret, "session", good)}`, T0)).toEqual(value());
  });
});

describe("the signing key", () => {
  it("is generated once, kept in the state store, and survives a restart", async () => {
    const token = signValue("session", value());
    expect((await storedKey()).length).toBeGreaterThanOrEqual(43);
    resetSessionState();
    await loadSessionKey();
    expect(verifyValue("session", token, T0)).not.toBeNull();
  });

  it("is the same for instances that start together (the first write wins)", async () => {
    resetSessionState();
    const tokens: string[] = [];
    // Each load stands for an instance starting: they race to create the key.
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        await loadSessionKey();
        tokens.push(signValue("session", value()));
      }),
    );
    expect(new Set(tokens).size).toBe(1);
    expect(tokens[0]!.split(".")[1]).toBe(macWith(await storedKey(), "session", tokens[0]!.split(".")[0]!));
  });

  it("differs between state stores", async () => {
    const token = signValue("session", value());
    await useStore();
    expect(verifyValue("session", token, T0)).toBeNull();
  });

  it("is QUEUESCOPE_SESSION_SECRET when configured, and then none is stored", async () => {
    const secret = "a-configured-secret-of-at-least-32-chars";
    await useStore({ QUEUESCOPE_SESSION_SECRET: secret });
    const token = signValue("session", value());
    const [payload, sig] = token.split(".");
    expect(sig).toBe(macWith(secret, "session", payload!));
    expect(await storedKey()).toBe("");
  });
});

describe("sessions", () => {
  it("last QUEUESCOPE_SESSION_TTL seconds and get a fresh id each", async () => {
    await useStore({ QUEUESCOPE_SESSION_TTL: "90" });
    const a = newSession({ sub: "alice", name: "Alice", role: "admin", via: "password" }, T0);
    const b = newSession({ sub: "alice", name: "Alice", role: "admin", via: "password" }, T0);
    expect(a).toMatchObject({
      sub: "alice",
      name: "Alice",
      role: "admin",
      via: "password",
      iat: T0 / SEC,
      exp: T0 / SEC + 90,
    });
    expect(a.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.sid).not.toBe(a.sid);
  });

  it("stay refused after sign-out, across a restart, while other sessions go on", async () => {
    const mine = newSession({ sub: "alice", name: "alice", role: "admin", via: "password" });
    const other = newSession({ sub: "alice", name: "alice", role: "admin", via: "password" });
    const token = signValue("session", mine);
    expect(await readSession(token)).toEqual(mine);
    await revokeSession(mine);
    expect(await readSession(token)).toBeNull();
    expect(await readSession(signValue("session", other))).toEqual(other);
    expect(await getRecord("sessions", mine.sid, "revoked")).toMatchObject({ exp: mine.exp });
    resetSessionState();
    await loadSessionKey();
    expect(await readSession(token)).toBeNull();
  });

  it("keep no revocation of a session that has expired anyway", async () => {
    const old = {
      ...newSession({ sub: "a", name: "a", role: "viewer", via: "password" }),
      exp: Math.floor(Date.now() / SEC) - 10,
    };
    await revokeSession(old);
    const current = newSession({ sub: "b", name: "b", role: "viewer", via: "oidc" });
    await revokeSession(current);
    expect(await getRecord("sessions", old.sid, "revoked")).toBeNull();
    expect(await getRecord("sessions", current.sid, "revoked")).not.toBeNull();
  });

  it("refuse a session signed for another purpose", async () => {
    const claims = newSession({ sub: "alice", name: "alice", role: "admin", via: "password" });
    expect(await readSession(signValue("oidc-state", claims))).toBeNull();
  });
});

describe("cookies", () => {
  const claims = () => newSession({ sub: "alice", name: "alice", role: "admin", via: "password" }, Date.now());
  const attrs = (header: string) => header.split("; ").slice(1);

  it("are HttpOnly, SameSite=Lax, site-wide and last as long as the session", async () => {
    await useStore({ QUEUESCOPE_SESSION_TTL: "600" });
    const c = claims();
    const header = sessionCookie(new Request("http://127.0.0.1:3000/api/auth/sign-in"), c);
    expect(header.startsWith(`${SESSION_COOKIE}=`)).toBe(true);
    expect(attrs(header)).toEqual(["Path=/", "Max-Age=600", "HttpOnly", "SameSite=Lax"]);
    expect(await readSession(header.split(";")[0]!.slice(SESSION_COOKIE.length + 1))).toEqual(c);
  });

  it("are Secure over https, directly or behind a TLS-terminating proxy", () => {
    expect(attrs(sessionCookie(new Request("https://qs.example.com/api/auth/sign-in"), claims()))).toContain("Secure");
    expect(
      attrs(
        sessionCookie(
          new Request("http://10.0.0.5/api/auth/sign-in", { headers: { "x-forwarded-proto": "https" } }),
          claims(),
        ),
      ),
    ).toContain("Secure");
    expect(attrs(sessionCookie(new Request("http://127.0.0.1:3000/api/auth/sign-in"), claims()))).not.toContain(
      "Secure",
    );
  });

  it("are cleared with an empty value and Max-Age=0 on the same path", () => {
    expect(clearCookie(new Request("http://127.0.0.1:3000/"), SESSION_COOKIE)).toBe(
      `${SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax`,
    );
    expect(clearCookie(new Request("http://127.0.0.1:3000/"), "qs_oidc", "/api/auth/oidc")).toContain(
      "Path=/api/auth/oidc",
    );
  });
});
