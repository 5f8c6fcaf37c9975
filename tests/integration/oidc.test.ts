// Sign-in with an OpenID Connect provider (Microsoft Entra ID in production), against a real
// provider: oidc-provider on 127.0.0.1 (tests/support/oidc-provider.ts). The route handlers get
// real NextRequests; the browser's part (cookies, following redirects) is played by this file.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as me from "@/app/api/auth/me/route";
import * as callback from "@/app/api/auth/oidc/callback/route";
import * as start from "@/app/api/auth/oidc/start/route";
import * as tokens from "@/app/api/tokens/route";
import { DUMMY_HASH } from "@/lib/security/password";
import { putLocalUser } from "@/lib/auth/users";
import { useEnv } from "../support/api";
import { auditEntries as storedAudit, freshStatePrefix } from "../support/auth";
import {
  OIDC_ROLE_MAP,
  signInThroughProvider,
  startOidcProvider,
  type RunningOidcProvider,
} from "../support/oidc-provider";

const ORIGIN = "http://127.0.0.1:3000";
const REDIRECT_URI = `${ORIGIN}/api/auth/oidc/callback`;
const PUBLIC_URL = "https://queuescope.contoso.test";
// Only the origins the browser uses: the provider refuses any other redirect URI the app might send.
const REDIRECT_URIS = [REDIRECT_URI, `${PUBLIC_URL}/api/auth/oidc/callback`];
const LABEL = "Sign in with Contoso";

/** Every answer any route gave in this file, headers and body, for the "secret never leaks" check. */
const transcript: string[] = [];

interface Answer {
  status: number;
  location: string | null;
  setCookies: string[];
  text: string;
}

/** A GET to a route handler the way a browser sends it: the URL as given, Host and cookies. */
async function get(
  handler: (req: NextRequest) => Promise<Response>,
  url: string,
  cookies: Record<string, string> = {},
): Promise<Answer> {
  const cookie = Object.entries(cookies)
    .map(([k, v]) => `${k}=${v}`)
    .join("; ");
  const req = new NextRequest(new URL(url, ORIGIN), {
    headers: { host: new URL(ORIGIN).host, ...(cookie ? { cookie } : {}) },
  });
  const res = await handler(req);
  const text = await res.text();
  transcript.push(`${res.status}\n${[...res.headers].map(([k, v]) => `${k}: ${v}`).join("\n")}\n\n${text}`);
  return { status: res.status, location: res.headers.get("location"), setCookies: res.headers.getSetCookie(), text };
}

/** The Set-Cookie line for `name`, if the answer has one. */
function cookieLine(answer: Answer, name: string): string | undefined {
  return answer.setCookies.find((line) => line.startsWith(`${name}=`));
}

function cookieValue(line: string | undefined): string {
  return line?.split(";")[0]?.split("=").slice(1).join("=") ?? "";
}

interface Started {
  answer: Answer;
  authorizationUrl: string;
  stateCookie: string;
}

async function startSignIn(next?: string): Promise<Started> {
  const answer = await get(
    start.GET,
    `/api/auth/oidc/start${next === undefined ? "" : `?next=${encodeURIComponent(next)}`}`,
  );
  expect(answer.status, answer.text).toBe(302);
  return { answer, authorizationUrl: answer.location!, stateCookie: cookieValue(cookieLine(answer, "qs_oidc")) };
}

function finish(callbackUrl: string, stateCookie?: string): Promise<Answer> {
  return get(callback.GET, callbackUrl, stateCookie === undefined ? {} : { qs_oidc: stateCookie });
}

/** Start → provider sign-in as `login` → callback with the state cookie from the start. */
async function signIn(
  login: string,
  next?: string,
): Promise<{ started: Started; callbackUrl: string; answer: Answer }> {
  const started = await startSignIn(next);
  const callbackUrl = await signInThroughProvider(started.authorizationUrl, login);
  return { started, callbackUrl, answer: await finish(callbackUrl, started.stateCookie) };
}

async function whoAmI(session: string) {
  const answer = await get(me.GET, "/api/auth/me", { qs_session: session });
  expect(answer.status).toBe(200);
  return JSON.parse(answer.text) as {
    mode: string;
    user: { name: string; role: string; via: string } | null;
    signIn: { oidc: string | null; password: boolean };
  };
}

async function auditEntries(): Promise<Array<Record<string, unknown>>> {
  return (await storedAudit()) as unknown as Array<Record<string, unknown>>;
}

function envFor(provider: RunningOidcProvider): Record<string, string | undefined> {
  return {
    QUEUESCOPE_OIDC_ISSUER: provider.issuer,
    QUEUESCOPE_OIDC_CLIENT_ID: provider.clientId,
    QUEUESCOPE_OIDC_CLIENT_SECRET: provider.clientSecret,
    QUEUESCOPE_OIDC_ROLES: JSON.stringify(OIDC_ROLE_MAP),
    QUEUESCOPE_OIDC_LABEL: LABEL,
    QUEUESCOPE_PUBLIC_URL: undefined,
    QUEUESCOPE_PROXY_USER_HEADER: undefined,
    QUEUESCOPE_SESSION_SECRET: undefined,
  };
}

let provider: RunningOidcProvider;
/** The secrets of the short-lived providers of the "unreachable" tests. */
const otherSecrets: string[] = [];
/** Whatever the app printed (audit lines, errors) while this file ran. */
const printed: string[] = [];

beforeAll(async () => {
  provider = await startOidcProvider({ redirectUris: REDIRECT_URIS });
  for (const method of ["log", "info", "warn", "error"] as const) {
    const original = console[method].bind(console);
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      printed.push(args.map(String).join(" "));
      original(...args);
    });
  }
});

afterAll(async () => {
  vi.restoreAllMocks();
  useEnv(Object.fromEntries(Object.keys(envFor(provider)).map((k) => [k, undefined])));
  await provider.stop();
});

beforeEach(() => useEnv(envFor(provider)));

describe("the start of a sign-in", () => {
  it("sends the browser to the provider with PKCE, state and nonce, and keeps them in a signed HttpOnly cookie", async () => {
    const { answer, authorizationUrl, stateCookie } = await startSignIn("/queues");
    const url = new URL(authorizationUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${provider.issuer}/auth`);
    expect(url.searchParams.get("client_id")).toBe(provider.clientId);
    expect(REDIRECT_URIS).toContain(url.searchParams.get("redirect_uri"));
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("scope")?.split(" ")).toContain("openid");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.get("state")).toBeTruthy();
    expect(url.searchParams.get("nonce")).toBeTruthy();
    const line = cookieLine(answer, "qs_oidc")!;
    expect(line).toMatch(/; HttpOnly/);
    expect(line).toMatch(/; SameSite=Lax/);
    expect(line).toMatch(/; Path=\/api\/auth\/oidc(;|$)/);
    // Signed, and not readable as the state: the verifier stays on the server side of the cookie's MAC.
    expect(stateCookie).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(answer.location).not.toContain(provider.clientSecret);
  });

  // Not from req.url: NextRequest turns a 127.0.0.1 host into "localhost" (and under `next start`
  // builds it from the listen address), and the state cookie was set for 127.0.0.1.
  it("asks the provider to send the browser back to the origin it came from (Host 127.0.0.1:3000)", async () => {
    const { authorizationUrl } = await startSignIn();
    expect(new URL(authorizationUrl).searchParams.get("redirect_uri")).toBe(REDIRECT_URI);
  });

  it("says the sign-in page offers the provider, under its configured label", async () => {
    const answer = await get(me.GET, "/api/auth/me");
    expect(JSON.parse(answer.text)).toMatchObject({
      mode: "sign-in",
      user: null,
      signIn: { oidc: LABEL, password: false },
    });
  });
});

describe("behind a proxy", () => {
  it("uses QUEUESCOPE_PUBLIC_URL for the redirect URI, and the sign-in completes there", async () => {
    useEnv({ ...envFor(provider), QUEUESCOPE_PUBLIC_URL: PUBLIC_URL });
    const { started, answer } = await signIn("ada.admin", "/settings");
    expect(new URL(started.authorizationUrl).searchParams.get("redirect_uri")).toBe(
      `${PUBLIC_URL}/api/auth/oidc/callback`,
    );
    expect(answer.location).toBe("/settings");
    expect(cookieLine(answer, "qs_session")).toBeDefined();
  });
});

describe("a completed sign-in", () => {
  it("sets an HttpOnly SameSite=Lax session cookie, clears the state cookie and returns to the page the user came from", async () => {
    const { answer } = await signIn("ada.admin", "/queues/orders?tab=messages");
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/queues/orders?tab=messages");
    const session = cookieLine(answer, "qs_session");
    expect(session).toBeDefined();
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
    expect(session).toMatch(/; Path=\/(;|$)/);
    expect(session).toMatch(/; Max-Age=28800/);
    expect(cookieLine(answer, "qs_oidc")).toMatch(/^qs_oidc=; Path=\/api\/auth\/oidc; Max-Age=0/);

    const who = await whoAmI(cookieValue(session));
    expect(who.user).toMatchObject({ name: "ada.admin@contoso.test", role: "admin", via: "oidc" });
    expect(await auditEntries()).toContainEqual(
      expect.objectContaining({
        action: "auth.sign_in",
        user: "ada.admin@contoso.test",
        role: "admin",
        via: "oidc",
        outcome: "ok",
      }),
    );
  });

  it.each([
    ["vic.viewer", "viewer", "an app role"],
    ["olga.operator", "operator", "a group"],
    ["max.mixed", "operator", "the highest of a viewer app role and an operator group"],
  ])("maps %s to %s (%s)", async (login, role) => {
    const { answer } = await signIn(login);
    expect(answer.location).toBe("/");
    const who = await whoAmI(cookieValue(cookieLine(answer, "qs_session")));
    expect(who.user).toMatchObject({ name: `${login}@contoso.test`, role, via: "oidc" });
  });

  it("works the role out again on every request: a changed role map applies to existing sessions, and so does switching Entra ID off", async () => {
    const { answer } = await signIn("max.mixed");
    const session = cookieValue(cookieLine(answer, "qs_session"));
    expect((await whoAmI(session)).user).toMatchObject({ role: "operator" });
    // The cookie keeps only the values the map names, never the whole token's roles and groups.
    const claims = JSON.parse(Buffer.from(session.split(".")[0]!, "base64url").toString("utf8")) as {
      grants: string[];
    };
    expect(claims.grants.sort()).toEqual([...OIDC_ROLE_MAP.operator, ...OIDC_ROLE_MAP.viewer].sort());

    useEnv({
      ...envFor(provider),
      QUEUESCOPE_OIDC_ROLES: JSON.stringify({ admin: OIDC_ROLE_MAP.admin, viewer: OIDC_ROLE_MAP.viewer }),
    });
    expect((await whoAmI(session)).user).toMatchObject({ role: "viewer" });
    useEnv({ ...envFor(provider), QUEUESCOPE_OIDC_ROLES: JSON.stringify({ admin: OIDC_ROLE_MAP.admin }) });
    expect((await whoAmI(session)).user).toBeNull();
    // Entra ID off, local users on (with no user at all it would be single-user local mode).
    const prefix = process.env.QUEUESCOPE_STATE_PREFIX;
    useEnv({ ...envFor(provider), QUEUESCOPE_OIDC_ISSUER: undefined, QUEUESCOPE_STATE_PREFIX: freshStatePrefix() });
    await putLocalUser({ username: "ada", role: "admin", passwordHash: DUMMY_HASH });
    try {
      expect((await whoAmI(session)).mode).toBe("sign-in");
      expect((await whoAmI(session)).user).toBeNull();
    } finally {
      useEnv({ QUEUESCOPE_STATE_PREFIX: prefix });
    }
  });

  it("refuses a user with none of the mapped roles or groups: no session, the no-role notice, audited as denied", async () => {
    const { answer } = await signIn("nora.norole");
    expect(answer.status).toBe(302);
    expect(answer.location).toBe("/login?error=oidc_no_role");
    expect(cookieLine(answer, "qs_session")).toBeUndefined();
    expect(await auditEntries()).toContainEqual(
      expect.objectContaining({
        action: "auth.sign_in",
        user: "nora.norole@contoso.test",
        via: "oidc",
        outcome: "denied",
      }),
    );
  });
});

describe("a callback that must fail", () => {
  it("without the state cookie (another browser, or it expired)", async () => {
    const started = await startSignIn();
    const callbackUrl = await signInThroughProvider(started.authorizationUrl, "ada.admin");
    const answer = await finish(callbackUrl);
    expect(answer.location).toBe("/login?error=oidc_failed");
    expect(cookieLine(answer, "qs_session")).toBeUndefined();
  });

  it("with a tampered state cookie", async () => {
    const started = await startSignIn();
    const callbackUrl = await signInThroughProvider(started.authorizationUrl, "ada.admin");
    const [payload, sig] = started.stateCookie.split(".") as [string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
    const forged = `${Buffer.from(JSON.stringify({ ...claims, next: "/audit" })).toString("base64url")}.${sig}`;
    const flipped = `${payload}.${sig.startsWith("A") ? "B" : "A"}${sig.slice(1)}`;
    for (const cookie of [forged, flipped, "garbage"]) {
      const answer = await finish(callbackUrl, cookie);
      expect(answer.location, cookie).toBe("/login?error=oidc_failed");
      expect(cookieLine(answer, "qs_session")).toBeUndefined();
    }
    // The untouched cookie still completes the sign-in: the refusals above were about the cookie.
    expect((await finish(callbackUrl, started.stateCookie)).location).toBe("/");
  });

  it("when the state in the URL is not the one this browser started (login CSRF)", async () => {
    const victim = await startSignIn();
    const attacker = await startSignIn();
    // The attacker's own, valid code and state, delivered to the victim's browser.
    const attackerCallback = await signInThroughProvider(attacker.authorizationUrl, "ada.admin");
    const answer = await finish(attackerCallback, victim.stateCookie);
    expect(answer.location).toBe("/login?error=oidc_failed");
    expect(cookieLine(answer, "qs_session")).toBeUndefined();

    const edited = new URL(attackerCallback);
    edited.searchParams.set("state", new URL(victim.authorizationUrl).searchParams.get("state")!);
    const withVictimState = await finish(edited.href, victim.stateCookie);
    // The state now matches, but the code was issued for the attacker's PKCE challenge.
    expect(withVictimState.location).toBe("/login?error=oidc_failed");
    expect(cookieLine(withVictimState, "qs_session")).toBeUndefined();
  });

  it("when an authorization code is used a second time", async () => {
    const { started, callbackUrl, answer } = await signIn("ada.admin");
    expect(cookieLine(answer, "qs_session")).toBeDefined();
    const replay = await finish(callbackUrl, started.stateCookie);
    expect(replay.location).toBe("/login?error=oidc_failed");
    expect(cookieLine(replay, "qs_session")).toBeUndefined();
    expect(provider.errors.some((e) => e.includes("invalid_grant"))).toBe(true);
  });

  it("when the user cancels at the provider", async () => {
    const started = await startSignIn();
    const callbackUrl = await signInThroughProvider(started.authorizationUrl, "ada.admin", { cancel: true });
    expect(new URL(callbackUrl).searchParams.get("error")).toBe("access_denied");
    const answer = await finish(callbackUrl, started.stateCookie);
    expect(answer.location).toBe("/login?error=oidc_failed");
    expect(cookieLine(answer, "qs_session")).toBeUndefined();
    // Fixed codes only: nothing from the provider's query string reaches the sign-in page.
    expect(answer.location).not.toContain("cancelled");
  });
});

describe("where the browser goes after signing in", () => {
  it.each([
    "https://evil.example/phish",
    "//evil.example/phish",
    "/\\evil.example",
    "javascript:alert(1)",
    "/api/auth/sign-out",
    "queues",
  ])("refuses next=%s and goes to /", async (next) => {
    const { answer } = await signIn("vic.viewer", next);
    expect(cookieLine(answer, "qs_session")).toBeDefined();
    expect(answer.location).toBe("/");
  });
});

describe("an unreachable provider", () => {
  it("makes the start answer a clear 503 that names the provider but not the secret", async () => {
    const gone = await startOidcProvider({ redirectUris: REDIRECT_URIS });
    otherSecrets.push(gone.clientSecret);
    await gone.stop();
    useEnv(envFor(gone));
    const answer = await get(start.GET, "/api/auth/oidc/start");
    expect(answer.status).toBe(503);
    const body = JSON.parse(answer.text) as { error: { code: string; message: string } };
    expect(body.error.message).toContain(`identity provider at ${gone.issuer} could not be reached`);
    expect(answer.text).not.toContain(gone.clientSecret);
    expect(answer.setCookies).toEqual([]);
  });

  it("makes a callback after the provider went away fail cleanly", async () => {
    const leaving = await startOidcProvider({ redirectUris: REDIRECT_URIS });
    otherSecrets.push(leaving.clientSecret);
    try {
      useEnv(envFor(leaving));
      const started = await startSignIn();
      const callbackUrl = await signInThroughProvider(started.authorizationUrl, "ada.admin");
      await leaving.stop();
      const answer = await finish(callbackUrl, started.stateCookie);
      expect(answer.status).toBe(302);
      expect(answer.location).toBe("/login?error=oidc_failed");
      expect(cookieLine(answer, "qs_session")).toBeUndefined();
      expect(answer.text).not.toContain(leaving.clientSecret);
      const audit = (await auditEntries()).filter((e) => e.outcome === "failed").at(-1)!;
      expect(audit).toMatchObject({ action: "auth.sign_in", via: "oidc", outcome: "failed" });
      expect(JSON.stringify(audit)).not.toContain(leaving.clientSecret);
    } finally {
      await leaving.stop();
    }
  });
});

describe("the client secret", () => {
  it("appears in no answer, no audit entry and nothing printed", async () => {
    // Make sure the failure paths are in the record even when this test runs alone.
    await signIn("ada.admin");
    await signIn("nora.norole");
    await finish(`${REDIRECT_URI}?code=x&state=y`, (await startSignIn()).stateCookie);
    const audit = await auditEntries();
    expect(audit.filter((e) => e.via === "oidc").length).toBeGreaterThanOrEqual(3);
    expect(transcript.length).toBeGreaterThan(5);
    for (const secret of [provider.clientSecret, ...otherSecrets]) {
      for (const answer of transcript) expect(answer).not.toContain(secret);
      for (const entry of audit) expect(JSON.stringify(entry)).not.toContain(secret);
      for (const line of printed) expect(line).not.toContain(secret);
    }
  });
});

describe("API tokens of an Entra ID user", () => {
  it("act as the user, capped by the role the user's groups grant under the role map in force", async () => {
    const { answer } = await signIn("olga.operator");
    const session = cookieValue(cookieLine(answer, "qs_session"));
    const create = new NextRequest(new URL("/api/tokens", ORIGIN), {
      method: "POST",
      headers: {
        host: new URL(ORIGIN).host,
        cookie: `qs_session=${session}`,
        origin: ORIGIN,
        "content-type": "application/json",
      },
      body: JSON.stringify({ name: "olga-script", role: "operator", expiresInDays: 1 }),
    });
    const created = (await (await tokens.POST(create)).json()) as { token: string; info: { ownerVia: string } };
    expect(created.info.ownerVia).toBe("oidc");
    const asToken = () =>
      me.GET(
        new NextRequest(new URL("/api/auth/me", ORIGIN), {
          headers: { host: new URL(ORIGIN).host, authorization: `Bearer ${created.token}` },
        }),
      );
    expect(((await (await asToken()).json()) as { user: unknown }).user).toMatchObject({
      name: "olga.operator@contoso.test",
      role: "operator",
      via: "token",
    });
    // The operator group moved to viewer: the token follows; taken out of the map: the token stops.
    useEnv({
      ...envFor(provider),
      QUEUESCOPE_OIDC_ROLES: JSON.stringify({ admin: OIDC_ROLE_MAP.admin, viewer: OIDC_ROLE_MAP.operator }),
    });
    expect(((await (await asToken()).json()) as { user: unknown }).user).toMatchObject({
      role: "viewer",
      via: "token",
    });
    useEnv({ ...envFor(provider), QUEUESCOPE_OIDC_ROLES: JSON.stringify({ admin: OIDC_ROLE_MAP.admin }) });
    expect((await asToken()).status).toBe(401);
  });
});
