import "server-only";
import * as client from "openid-client";
import { AppError } from "@/lib/api/error-codes";
import { roleFor, type OidcConfig } from "@/lib/config/auth";
import { safeNext } from "@/lib/validation/auth";
import { getAuthConfig } from "./config";
import { authReady } from "./ready";
import { newSession, signValue, verifyValue, type SessionClaims } from "./session";

export const OIDC_STATE_COOKIE = "qs_oidc";
export const OIDC_COOKIE_PATH = "/api/auth/oidc";
const STATE_SECONDS = 600;

interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  exp: number;
}

const cache = globalThis as typeof globalThis & {
  __queuescopeOidc?: { key: string; config: Promise<client.Configuration> };
};

function oidcConfig(): OidcConfig {
  const oidc = getAuthConfig().oidc;
  if (!oidc) throw new AppError("not_found", "Sign-in with an identity provider is not configured.");
  return oidc;
}

/** Plain http is allowed for a provider on this machine only (tests, local development). */
function isLoopback(url: URL): boolean {
  return url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

function discover(oidc: OidcConfig): Promise<client.Configuration> {
  const key = `${oidc.issuer} ${oidc.clientId}`;
  if (cache.__queuescopeOidc?.key === key) return cache.__queuescopeOidc.config;
  const issuer = new URL(oidc.issuer);
  const config = client
    .discovery(
      issuer,
      oidc.clientId,
      oidc.clientSecret,
      undefined,
      isLoopback(issuer) ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
    )
    .catch((err: unknown) => {
      cache.__queuescopeOidc = undefined;
      throw new AppError(
        "storage_unreachable",
        `The identity provider at ${oidc.issuer} could not be reached (${err instanceof Error ? err.message : String(err)}).`,
      );
    });
  cache.__queuescopeOidc = { key, config };
  return config;
}

export function resetOidc(): void {
  cache.__queuescopeOidc = undefined;
}

/**
 * Where the browser is to come back: the configured public URL, or the origin the browser used
 * (its Host header, or the proxy's X-Forwarded-*). Not req.url: Next builds that from the
 * listen address (localhost, 0.0.0.0), which neither the provider nor the state cookie knows.
 */
export function requestOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get("x-forwarded-host")?.split(",")[0]?.trim() || req.headers.get("host") || url.host;
  const proto = req.headers.get("x-forwarded-proto")?.split(",")[0]?.trim() || url.protocol.replace(/:$/, "");
  return `${proto === "https" ? "https" : "http"}://${host}`;
}

function callbackUrl(req: Request, oidc: OidcConfig): string {
  return `${oidc.publicUrl ?? requestOrigin(req)}${OIDC_COOKIE_PATH}/callback`;
}

/** The provider's sign-in URL, and the signed state cookie value that the callback checks. */
export async function beginSignIn(req: Request, next: string | null): Promise<{ url: string; state: string }> {
  await authReady(); // the state cookie is signed with the session key
  const oidc = oidcConfig();
  const config = await discover(oidc);
  const pending: PendingSignIn = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    verifier: client.randomPKCECodeVerifier(),
    next: safeNext(next),
    exp: Math.floor(Date.now() / 1000) + STATE_SECONDS,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(req, oidc),
    scope: "openid profile email",
    response_type: "code",
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: "S256",
  });
  return { url: url.href, state: signValue("oidc", pending) };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Checks the provider's answer (state, PKCE, nonce, ID token signature) and maps its roles or groups. */
export async function completeSignIn(
  req: Request,
  stateCookie: string | undefined,
): Promise<{ session: SessionClaims; next: string }> {
  const oidc = oidcConfig();
  const pending = verifyValue<PendingSignIn>("oidc", stateCookie);
  if (!pending)
    throw new AppError("unauthorized", "The sign-in took too long or was started in another browser. Start again.");
  const params = new URL(req.url).searchParams;
  if (params.get("error"))
    throw new AppError(
      "unauthorized",
      `The identity provider refused the sign-in: ${params.get("error_description") ?? params.get("error")}.`,
    );
  const config = await discover(oidc);
  const current = new URL(callbackUrl(req, oidc));
  current.search = new URL(req.url).search;
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
  } catch (err) {
    throw new AppError(
      "unauthorized",
      `The sign-in could not be completed: ${err instanceof Error ? err.message : String(err)}.`,
    );
  }
  const claims = tokens.claims();
  if (!claims) throw new AppError("unauthorized", "The identity provider returned no ID token.");
  const name = [claims.preferred_username, claims.email, claims.name, claims.sub].find(
    (v): v is string => typeof v === "string" && v.length > 0,
  )!;
  const values = [...stringList(claims.roles), ...stringList(claims.groups)];
  const role = roleFor(values, oidc.roles);
  if (!role)
    throw new AppError(
      "forbidden",
      `${name} signed in, but has none of the app roles or groups that Queuescope maps to a role. Ask an administrator to assign you one.`,
      { user: name },
    );
  // Only the values the role map names are kept: the role is worked out again on every request.
  const mapped = new Set(Object.values(oidc.roles).flat());
  const grants = [...new Set(values.filter((v) => mapped.has(v)))];
  return { session: newSession({ sub: `oidc:${claims.sub}`, name, role, via: "oidc", grants }), next: pending.next };
}
