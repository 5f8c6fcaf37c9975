// Sign-in with Microsoft Entra ID (OpenID Connect), in Chromium, against a real OpenID provider
// on 127.0.0.1 (oidc-provider, tests/support/oidc-provider.ts): the provider's own sign-in page,
// its redirects, app roles and groups in the ID token.
import { expect, test, type Page } from "@playwright/test";
import { OIDC_ROLE_MAP, startOidcProvider, type RunningOidcProvider } from "../tests/support/oidc-provider";
import { freePort, startQueuescope, type QueuescopeInstance } from "./support/queuescope";
import { withFreshPage } from "./support/auth";

const LABEL = "Sign in with Contoso";
const NO_ROLE = "You signed in, but you have no Queuescope role. Ask an administrator to assign you one.";
const SIGNED_OUT = "You have signed out.";

interface Setup {
  provider: RunningOidcProvider;
  app: QueuescopeInstance;
}

/** A provider whose only redirect URI is the callback on http://127.0.0.1:<port>, and a Queuescope on that port. */
async function startWithProvider(extraEnv: (origin: string) => Record<string, string> = () => ({})): Promise<Setup> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const provider = await startOidcProvider({ redirectUris: [`${origin}/api/auth/oidc/callback`] });
  try {
    const app = await startQueuescope({
      port,
      env: {
        QUEUESCOPE_OIDC_ISSUER: provider.issuer,
        QUEUESCOPE_OIDC_CLIENT_ID: provider.clientId,
        QUEUESCOPE_OIDC_CLIENT_SECRET: provider.clientSecret,
        QUEUESCOPE_OIDC_ROLES: JSON.stringify(OIDC_ROLE_MAP),
        QUEUESCOPE_OIDC_LABEL: LABEL,
        ...extraEnv(origin),
      },
    });
    return { provider, app };
  } catch (err) {
    await provider.stop();
    throw err;
  }
}

async function stopAll(setup: Setup | undefined): Promise<void> {
  await setup?.app.stop();
  await setup?.provider.stop();
}

/** From Queuescope's sign-in page through the provider's page; does not wait for where it ends. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.getByRole("link", { name: LABEL }).click();
  const form = page.getByRole("form", { name: "Contoso sign-in" });
  await form.getByRole("textbox", { name: "User name" }).fill(login);
  await form.getByRole("button", { name: "Sign in" }).click();
}

function roleBadge(page: Page, role: string) {
  return page.getByLabel(new RegExp(`^Role: ${role}\\.`));
}

test.describe("sign-in with Entra ID behind a fixed public URL (QUEUESCOPE_PUBLIC_URL)", () => {
  let setup: Setup | undefined;

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    setup = await startWithProvider((origin) => ({ QUEUESCOPE_PUBLIC_URL: origin }));
  });
  test.afterAll(async () => stopAll(setup));

  test("a user with the admin app role signs in at the provider, comes back signed in, and signs out", async ({
    page,
    context,
  }) => {
    const { app } = setup!;
    await page.goto(`${app.url}/`);
    await expect(page).toHaveURL(/\/login\?next=%2F$/);
    // Only the provider is configured: its button, and no password form.
    await expect(page.getByRole("link", { name: LABEL })).toBeVisible();
    await expect(page.getByRole("form", { name: "Local account sign-in" })).toHaveCount(0);

    await signInAtProvider(page, "ada.admin");
    await expect(roleBadge(page, "admin")).toBeVisible();
    await expect(page.getByText("ada.admin@contoso.test", { exact: true })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(app.url.replace(/\/$/, ""));
    const session = (await context.cookies(app.url)).find((c) => c.name === "qs_session");
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
    // The state cookie is gone once used.
    expect((await context.cookies(`${app.url}/api/auth/oidc/callback`)).map((c) => c.name)).not.toContain("qs_oidc");
    // An admin sees the audit log, and it recorded the sign-in through the provider.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).click();
    await expect(page.getByRole("search", { name: "Filter the audit log" })).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page.getByRole("status").filter({ hasText: SIGNED_OUT })).toBeVisible();
    await expect(page).toHaveURL(/\/login\?error=signed_out$/);
    await page.goto(`${app.url}/`);
    await expect(page).toHaveURL(/\/login\?next=%2F$/);
  });

  test("the page asked for is where the user lands after the provider", async ({ page }) => {
    const { app } = setup!;
    await page.goto(`${app.url}/jobs`);
    await expect(page).toHaveURL(/\/login\?next=%2Fjobs$/);
    await signInAtProvider(page, "vic.viewer");
    await expect(roleBadge(page, "viewer")).toBeVisible();
    await expect(page).toHaveURL(`${app.url.replace(/\/$/, "")}/jobs`);
  });

  test("membership of a mapped group gives the operator role", async ({ browser }) => {
    const { app } = setup!;
    await withFreshPage(browser, async (page) => {
      await page.goto(`${app.url}/login`);
      await signInAtProvider(page, "olga.operator");
      await expect(roleBadge(page, "operator")).toBeVisible();
      await expect(page.getByText("olga.operator@contoso.test", { exact: true })).toBeVisible();
    });
  });

  test("a user without a mapped role or group is told so and stays signed out", async ({ browser }) => {
    const { app } = setup!;
    await withFreshPage(browser, async (page) => {
      await page.goto(`${app.url}/`);
      await signInAtProvider(page, "nora.norole");
      await expect(page).toHaveURL(/\/login\?error=oidc_no_role$/);
      await expect(page.getByRole("alert").filter({ hasText: NO_ROLE })).toBeVisible();
      expect((await page.context().cookies(app.url)).map((c) => c.name)).not.toContain("qs_session");
      await page.goto(`${app.url}/`);
      await expect(page).toHaveURL(/\/login\?next=%2F$/);
    });
  });

  test("the client secret is not in any page or answer the browser got", async ({ page }) => {
    const { app, provider } = setup!;
    const seen: string[] = [];
    page.on("response", (res) => {
      seen.push(`${res.url()} ${JSON.stringify(res.headers())}`);
      void res.text().then(
        (t) => seen.push(t),
        () => undefined,
      );
    });
    await page.goto(`${app.url}/`);
    await signInAtProvider(page, "ada.admin");
    await expect(roleBadge(page, "admin")).toBeVisible();
    await expect.poll(() => seen.length).toBeGreaterThan(10);
    expect(seen.filter((s) => s.includes(provider.clientSecret))).toEqual([]);
    expect(app.output()).not.toContain(provider.clientSecret);
  });

  // Sign-out revokes the session, then goes to /login?error=signed_out; a background call (health,
  // jobs poll) answering 401 in between must not send the user to "session expired" instead. A slow
  // /api/health and a slow sign-in page make that ordering certain here.
  test("signing out while a background call is in flight still says the user signed out", async ({ browser }) => {
    const { app } = setup!;
    await withFreshPage(browser, async (page) => {
      await page.goto(`${app.url}/login`);
      await signInAtProvider(page, "ada.admin");
      await expect(roleBadge(page, "admin")).toBeVisible();
      await page.waitForLoadState("networkidle");

      let heldHealth!: () => void;
      const healthHeld = new Promise<void>((resolve) => (heldHealth = resolve));
      let releaseHealth!: () => void;
      const healthReleased = new Promise<void>((resolve) => (releaseHealth = resolve));
      await page.route("**/api/health", async (route) => {
        heldHealth();
        await healthReleased;
        await route.continue().catch(() => undefined);
      });
      let releaseLogin!: () => void;
      const loginReleased = new Promise<void>((resolve) => (releaseLogin = resolve));
      await page.route(
        (url) => url.pathname === "/login" && url.searchParams.get("error") === "signed_out",
        async (route) => {
          await loginReleased;
          await route.continue().catch(() => undefined);
        },
      );

      await page.reload();
      await healthHeld;
      const signedOut = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/auth/sign-out");
      await page.getByRole("button", { name: "Sign out" }).click();
      expect((await signedOut).status()).toBe(200);
      // The poll now reaches the server after the sign-out: 401.
      const health = page.waitForResponse((r) => new URL(r.url()).pathname === "/api/health");
      releaseHealth();
      expect((await health).status()).toBe(401);
      releaseLogin();
      await expect(page).toHaveURL(/\/login\?error=signed_out$/);
      await expect(page.getByRole("status").filter({ hasText: SIGNED_OUT })).toBeVisible();
    });
  });
});

test.describe("sign-in with Entra ID as the README configures it (no QUEUESCOPE_PUBLIC_URL)", () => {
  let setup: Setup | undefined;

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    setup = await startWithProvider();
  });
  test.afterAll(async () => stopAll(setup));

  // The redirect URI comes from the address the browser used, not req.url: under
  // `next start -H 127.0.0.1` Next bases req.url on http://localhost:<port>, which the provider
  // would refuse and which would lose the qs_oidc cookie the browser got on 127.0.0.1.
  test("an admin signs in from http://127.0.0.1:<port>", async ({ page }) => {
    const { app } = setup!;
    const origin = app.url.replace(/\/$/, "");
    const start = await page.request.get(`${origin}/api/auth/oidc/start?next=%2F`, { maxRedirects: 0 });
    expect(start.status()).toBe(302);
    expect(new URL(start.headers().location!).searchParams.get("redirect_uri")).toBe(
      `${origin}/api/auth/oidc/callback`,
    );
    await page.goto(`${app.url}/`);
    await signInAtProvider(page, "ada.admin");
    await expect(roleBadge(page, "admin")).toBeVisible();
    expect(new URL(page.url()).origin).toBe(app.url.replace(/\/$/, ""));
  });
});
