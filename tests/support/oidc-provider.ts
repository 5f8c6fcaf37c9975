// A real OpenID Connect provider (the `oidc-provider` package) on 127.0.0.1, standing in for
// Microsoft Entra ID in tests. Usable from vitest and Playwright alike (no test-runner imports).
//
// - One confidential client: client_secret_post (what openid-client's discovery() uses when given
//   a secret), response type `code`, PKCE required.
// - Accounts: any login name signs in (no password). The part after the last dot picks the claims,
//   see claimsFor(): "ada.admin" → roles [Queuescope.Admin], "olga.operator" → groups
//   [OPERATOR_GROUP_ID], "vic.viewer" → roles [Queuescope.Viewer], "max.mixed" → both a viewer role
//   and the operator group, anything else (e.g. "nora.norole") → neither.
// - The ID token carries `roles` and `groups` (mapped to the `openid` scope, so they are always
//   there, like Entra's app-role and group claims) plus name, preferred_username and email
//   (`conformIdTokenClaims: false` puts the profile and email scope claims into the ID token too).
// - Interactions: not devInteractions but a small page of our own, "Contoso sign-in" with a
//   "User name" box and "Sign in" / "Cancel" buttons. Signing in also consents (a grant for every
//   requested scope), so there is no consent page.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
// @ts-expect-error -- oidc-provider ships no type declarations (and @types/oidc-provider is not installed); see ProviderApi below.
import { Provider as OidcProvider } from "oidc-provider";

/** The small part of oidc-provider's API used here (lib/provider.js, lib/models/grant.js). */
interface GrantApi {
  addOIDCScope(scope: string): void;
  save(): Promise<string>;
}
interface InteractionApi {
  uid: string;
  prompt: { name: string };
  params: Record<string, unknown>;
  session?: { accountId?: string };
}
interface ProviderApi {
  callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
  interactionDetails(req: http.IncomingMessage, res: http.ServerResponse): Promise<InteractionApi>;
  interactionFinished(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    result: object,
    opts?: { mergeWithLastSubmission?: boolean },
  ): Promise<void>;
  Grant: new (props: { accountId: string; clientId: string }) => GrantApi;
  on(event: string, listener: (...args: unknown[]) => void): void;
}
const Provider = OidcProvider as new (issuer: string, config: object) => ProviderApi;

/** The Entra "group object id" that the operator accounts are members of. */
export const OPERATOR_GROUP_ID = "6f1c2d3e-0a4b-4c5d-8e9f-0123456789ab";
export const ADMIN_APP_ROLE = "Queuescope.Admin";
export const VIEWER_APP_ROLE = "Queuescope.Viewer";

/** QUEUESCOPE_OIDC_ROLES for these accounts: app roles for admin and viewer, a group for operator. */
export const OIDC_ROLE_MAP = { admin: [ADMIN_APP_ROLE], operator: [OPERATOR_GROUP_ID], viewer: [VIEWER_APP_ROLE] };

export interface AccountClaims {
  sub: string;
  name: string;
  preferred_username: string;
  email: string;
  roles?: string[];
  groups?: string[];
}

/** What the ID token says about a login name. */
export function claimsFor(login: string): AccountClaims {
  const kind = login.slice(login.lastIndexOf(".") + 1);
  const name = login
    .split(".")
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join(" ");
  const claims: AccountClaims = {
    sub: login,
    name,
    preferred_username: `${login}@contoso.test`,
    email: `${login}@contoso.test`,
  };
  if (kind === "admin") claims.roles = [ADMIN_APP_ROLE];
  if (kind === "viewer") claims.roles = [VIEWER_APP_ROLE];
  if (kind === "operator") claims.groups = [OPERATOR_GROUP_ID];
  if (kind === "mixed") Object.assign(claims, { roles: [VIEWER_APP_ROLE], groups: [OPERATOR_GROUP_ID] });
  return claims;
}

export interface OidcProviderOptions {
  redirectUris: string[];
  clientId?: string;
  clientSecret?: string;
}

export interface RunningOidcProvider {
  /** http://127.0.0.1:<port>, no trailing slash (as QUEUESCOPE_OIDC_ISSUER). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Server-side errors the provider reported (token endpoint rejections etc.), newest last. */
  errors: string[];
  stop(): Promise<void>;
}

const LOGIN_NAME = /^[A-Za-z0-9._-]{1,64}$/;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function loginPage(uid: string, message?: string): string {
  const action = `/interaction/${encodeURIComponent(uid)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Contoso sign-in</title></head>
<body><main>
<h1>Contoso sign-in</h1>
${message ? `<p role="alert">${escapeHtml(message)}</p>` : ""}
<form method="post" action="${action}" aria-label="Contoso sign-in">
<label for="login">User name</label> <input id="login" name="login" type="text" autocomplete="off" required autofocus>
<button type="submit" name="action" value="sign-in">Sign in</button>
<button type="submit" name="action" value="cancel" formnovalidate>Cancel</button>
</form>
</main></body></html>`;
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = "";
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) throw new Error("form too large");
  }
  return new URLSearchParams(body);
}

/** Signs the account in and consents to everything the client asked for, in one step. */
async function finishWithGrant(
  provider: ProviderApi,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  details: InteractionApi,
  accountId: string,
): Promise<void> {
  const grant = new provider.Grant({ accountId, clientId: String(details.params.client_id) });
  grant.addOIDCScope(String(details.params.scope ?? "openid"));
  const grantId = await grant.save();
  const result =
    details.prompt.name === "login" ? { login: { accountId }, consent: { grantId } } : { consent: { grantId } };
  await provider.interactionFinished(req, res, result, { mergeWithLastSubmission: false });
}

async function interaction(provider: ProviderApi, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const details = await provider.interactionDetails(req, res);
  const send = (status: number, html: string) => {
    res.writeHead(status, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
    res.end(html);
  };
  // Signed in at the provider already (an earlier sign-in in the same browser): just consent.
  if (details.prompt.name === "consent" && details.session?.accountId)
    return finishWithGrant(provider, req, res, details, details.session.accountId);
  if (details.prompt.name !== "login") return send(501, `unsupported prompt ${escapeHtml(details.prompt.name)}`);
  if (req.method === "GET") return send(200, loginPage(details.uid));
  const form = await readForm(req);
  if (form.get("action") === "cancel") {
    return provider.interactionFinished(
      req,
      res,
      { error: "access_denied", error_description: "The user cancelled the sign-in" },
      { mergeWithLastSubmission: false },
    );
  }
  const login = form.get("login")?.trim() ?? "";
  if (!LOGIN_NAME.test(login))
    return send(400, loginPage(details.uid, "Enter a user name (letters, digits, dots, hyphens)."));
  return finishWithGrant(provider, req, res, details, login);
}

/** Starts the provider on a free port of 127.0.0.1. */
export async function startOidcProvider(opts: OidcProviderOptions): Promise<RunningOidcProvider> {
  const clientId = opts.clientId ?? "queuescope-test";
  const clientSecret = opts.clientSecret ?? `qs-test-secret-${randomBytes(16).toString("hex")}`;
  let handle: (req: http.IncomingMessage, res: http.ServerResponse) => void = (_req, res) => {
    res.writeHead(503).end();
  };
  const server = http.createServer((req, res) => handle(req, res));
  // The issuer (with its port) must be known before the Provider is made.
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;

  const signingKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ format: "jwk" });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: opts.redirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    pkce: { required: () => true },
    // Explicit lifetimes (seconds); the defaults print a notice each time they are used.
    ttl: { AuthorizationCode: 120, AccessToken: 600, IdToken: 600, Interaction: 600, Grant: 600, Session: 600 },
    features: { devInteractions: { enabled: false } },
    conformIdTokenClaims: false,
    claims: {
      openid: ["sub", "roles", "groups"],
      profile: ["name", "preferred_username"],
      email: ["email"],
    },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: async () => claimsFor(sub),
    }),
    jwks: { keys: [{ ...signingKey, kid: "queuescope-test", use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(32).toString("base64url")] },
    // The default error page loads a web font; plain text is enough here.
    renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = "text/plain";
      ctx.body = Object.entries(out)
        .map(([k, v]) => `${k}: ${v}`)
        .join("\n");
    },
  });
  const errors: string[] = [];
  for (const event of ["server_error", "grant.error", "authorization.error"]) {
    provider.on(event, (...args: unknown[]) => {
      const err = args.find((a): a is Error => a instanceof Error);
      errors.push(
        `${event}: ${err ? `${err.message}${"error_description" in err ? ` (${String(err.error_description)})` : ""}` : "?"}`,
      );
    });
  }
  const koa = provider.callback();
  handle = (req, res) => {
    if (/^\/interaction\/[^/]+$/.test(new URL(req.url ?? "/", issuer).pathname)) {
      interaction(provider, req, res).catch((err: unknown) => {
        errors.push(`interaction: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) res.writeHead(400, { "content-type": "text/plain" });
        res.end(`interaction failed: ${err instanceof Error ? err.message : String(err)}`);
      });
    } else {
      koa(req, res);
    }
  };

  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }));
  return { issuer, clientId, clientSecret, errors, stop };
}

/** A cookie jar for one origin: enough for the provider's interaction and session cookies. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = pair!.indexOf("=");
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.trim().split("=");
        return (
          (k?.toLowerCase() === "max-age" && Number(v) <= 0) ||
          (k?.toLowerCase() === "expires" && Date.parse(v ?? "") <= Date.now())
        );
      });
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

export interface ProviderSignInOptions {
  /** Press "Cancel" on the provider's page instead of signing in. */
  cancel?: boolean;
}

/**
 * Walks the provider's pages without a browser: follows the authorization URL to the sign-in page,
 * submits `login`, follows the redirects and returns the URL the provider sends the browser to
 * (the app's callback, with code and state; or with error=access_denied when cancelled).
 */
export async function signInThroughProvider(
  authorizationUrl: string,
  login: string,
  opts: ProviderSignInOptions = {},
): Promise<string> {
  const providerOrigin = new URL(authorizationUrl).origin;
  const jar = new CookieJar();
  let url = authorizationUrl;
  let submitted = false;
  for (let hop = 0; hop < 10; hop++) {
    const res = await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
    jar.store(res);
    const location = res.headers.get("location");
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url);
      if (next.origin !== providerOrigin) return next.href;
      url = next.href;
      continue;
    }
    const body = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(body)?.[1];
    if (res.status !== 200 || !action || submitted)
      throw new Error(`unexpected answer from the provider at ${url} (${res.status}): ${body.slice(0, 500)}`);
    submitted = true;
    const form = new URLSearchParams({ login, action: opts.cancel ? "cancel" : "sign-in" });
    const post = await fetch(new URL(action.replace(/&amp;/g, "&"), url), {
      method: "POST",
      redirect: "manual",
      headers: { cookie: jar.header(), "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    jar.store(post);
    const after = post.headers.get("location");
    if (!after)
      throw new Error(
        `the provider did not accept the sign-in of ${login} (${post.status}): ${(await post.text()).slice(0, 500)}`,
      );
    url = new URL(after, url).href;
  }
  throw new Error(`too many redirects signing in ${login} at ${providerOrigin}`);
}
