// Signing in and out with local users: redirects, refusals, rate limit, revocation, cookie flags,
// session expiry, and local mode without sign-in.
import type { Page } from "@playwright/test";
import { signIn, startWithUsers, submitSignIn, USERS, withFreshPage, type TestUser } from "./support/auth";
import { expect, test } from "./support/fixtures";
import { QueuesPage } from "./support/pages";
import type { QueuescopeInstance } from "./support/queuescope";

const QUEUES_PATH = "/accounts/local/queues";
const WRONG = "Wrong user name or password.";
const SIGNED_OUT = "You have signed out.";
const EXPIRED = "Your session has expired. Sign in again.";

/** Only locked by the rate-limit test, so the other users keep signing in. */
const LOCKED: TestUser = { username: "rita", role: "viewer", password: "rate-limit-password-1" };

function signInForm(page: Page) {
  return page.getByRole("form", { name: "Local account sign-in" });
}

/** Submits the form and waits for the sign-in call's answer; returns its status. */
async function attemptSignIn(page: Page, user: Pick<TestUser, "username" | "password">): Promise<number> {
  const [answer] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === "/api/auth/sign-in"),
    submitSignIn(page, user),
  ]);
  return answer.status();
}

async function sessionUser(page: Page, origin: string): Promise<string | null> {
  const res = await page.request.get(`${origin}/api/auth/me`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { user: { name: string } | null }).user?.name ?? null;
}

test.describe("sign-in with local users", () => {
  test.describe.configure({ mode: "serial" });
  let app: QueuescopeInstance;

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    app = await startWithUsers({ users: [...Object.values(USERS), LOCKED] });
  });
  test.afterAll(async () => {
    await app?.stop();
  });

  test("a signed-out visit goes to the sign-in page, which brings the user back afterwards", async ({ page }) => {
    await page.goto(`${app.url}${QUEUES_PATH}`);
    await expect(page).toHaveURL(`${app.url}/login?next=${encodeURIComponent(QUEUES_PATH)}`);
    await expect(signInForm(page)).toBeVisible();
    await expect(page.getByRole("table", { name: "Queues" })).toHaveCount(0);

    await submitSignIn(page, USERS.viewer);
    await expect(page).toHaveURL(`${app.url}${QUEUES_PATH}`);
    await new QueuesPage(page, app.url).ready();
    await expect(page.getByLabel(/^Role: viewer\./)).toBeVisible();
    await expect(page.getByRole("banner")).toContainText(USERS.viewer.username);
  });

  for (const next of ["//evil.example", "https://evil.example", "/\\evil.example"]) {
    test(`a next of ${next} after sign-in lands on this site's start page`, async ({ browser }) => {
      await withFreshPage(browser, async (page) => {
        await page.goto(`${app.url}/login?next=${encodeURIComponent(next)}`);
        await submitSignIn(page, USERS.viewer);
        // The start page is the overview of every account.
        await expect(page).toHaveURL(`${app.url}/`);
        await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
        // Already signed in, the sign-in page redirects straight away: the same rule applies.
        await page.goto(`${app.url}/login?next=${encodeURIComponent(next)}`);
        await expect(page).toHaveURL(`${app.url}/`);
      });
    });
  }

  test("a wrong password, and an unknown user, get the same error and an emptied password field", async ({ page }) => {
    await page.goto(`${app.url}/login`);
    const form = signInForm(page);
    expect(await attemptSignIn(page, { username: USERS.operator.username, password: "not-the-password-1" })).toBe(401);
    await expect(form.getByRole("alert")).toHaveText(WRONG);
    await expect(form.getByLabel("Password")).toHaveValue("");
    await expect(form.getByRole("textbox", { name: "User name" })).toHaveValue(USERS.operator.username);
    await expect(page).toHaveURL(`${app.url}/login`);

    expect(await attemptSignIn(page, { username: "nobody-here", password: "not-the-password-1" })).toBe(401);
    await expect(form.getByRole("alert")).toHaveText(WRONG);
    await expect(form.getByLabel("Password")).toHaveValue("");
    await expect(page).toHaveURL(`${app.url}/login`);
    expect(await sessionUser(page, app.url)).toBeNull();
  });

  test("five wrong passwords lock the user name, even against the right password; others still sign in", async ({
    page,
    browser,
  }) => {
    await page.goto(`${app.url}/login`);
    const alert = signInForm(page).getByRole("alert");
    for (let i = 1; i <= 5; i++) {
      expect(
        await attemptSignIn(page, { username: LOCKED.username, password: `wrong-password-${i}` }),
        `attempt ${i}`,
      ).toBe(401);
      await expect(alert).toHaveText(WRONG);
    }
    expect(await attemptSignIn(page, LOCKED)).toBe(429);
    await expect(alert).toHaveText(/^Too many failed sign-ins\. Try again in \d+ min\.$/);
    await expect(page).toHaveURL(`${app.url}/login`);
    expect(await sessionUser(page, app.url)).toBeNull();

    // The lock is per user name.
    await withFreshPage(browser, (other) => signIn(other, app.url, USERS.operator));
  });

  test("the session cookie is HttpOnly and SameSite=Lax, invisible to page scripts", async ({ page, context }) => {
    await signIn(page, app.url, USERS.operator, QUEUES_PATH);
    const cookie = (await context.cookies(app.url)).find((c) => c.name === "qs_session");
    expect(cookie).toBeDefined();
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/", secure: false });
    expect(cookie!.expires).toBeGreaterThan(Date.now() / 1000);
    expect(await page.evaluate(() => document.cookie)).not.toContain("qs_session");
  });

  test("signing out ends the session: back on /login, Back shows no data, the old cookie is refused", async ({
    page,
    context,
    browser,
  }) => {
    await signIn(page, app.url, USERS.admin, QUEUES_PATH);
    const queues = new QueuesPage(page, app.url);
    await queues.ready();
    const old = (await context.cookies(app.url)).filter((c) => c.name === "qs_session");
    expect(old).toHaveLength(1);

    // Replaying the cookie elsewhere works while the session is alive (so the check below means something).
    const replay = await browser.newContext();
    try {
      await replay.addCookies(old);
      const replayPage = await replay.newPage();
      expect(await sessionUser(replayPage, app.url)).toBe(USERS.admin.username);

      await page.getByRole("button", { name: "Sign out" }).click();
      await expect(page).toHaveURL(`${app.url}/login?error=signed_out`);
      await expect(page.getByRole("status").filter({ hasText: SIGNED_OUT })).toBeVisible();
      expect((await context.cookies(app.url)).filter((c) => c.name === "qs_session")).toHaveLength(0);

      // Revoked on the server, not just dropped by this browser.
      expect(await sessionUser(replayPage, app.url)).toBeNull();
      const refused = await replayPage.request.get(`${app.url}/api/accounts`);
      expect(refused.status()).toBe(401);
    } finally {
      await replay.close();
    }

    await page.goBack();
    await expect(page).toHaveURL(`${app.url}/login?next=${encodeURIComponent(QUEUES_PATH)}`);
    await expect(signInForm(page)).toBeVisible();
    await expect(queues.table).toHaveCount(0);

    await page.goto(`${app.url}${QUEUES_PATH}`);
    await expect(page).toHaveURL(`${app.url}/login?next=${encodeURIComponent(QUEUES_PATH)}`);
    await expect(queues.table).toHaveCount(0);
  });
});

test.describe("session expiry", () => {
  let app: QueuescopeInstance;

  test.beforeAll(async () => {
    test.setTimeout(150_000);
    app = await startWithUsers({ env: { QUEUESCOPE_SESSION_TTL: "4" } });
  });
  test.afterAll(async () => {
    await app?.stop();
  });

  test("an expired session sends the next API call to /login, and signing in returns to the page", async ({
    page,
    context,
    browser,
  }) => {
    await signIn(page, app.url, USERS.operator, QUEUES_PATH);
    const queues = new QueuesPage(page, app.url);
    await queues.ready();
    const cookies = (await context.cookies(app.url)).filter((c) => c.name === "qs_session");
    expect(cookies).toHaveLength(1);
    await expect.poll(() => sessionUser(page, app.url), { timeout: 20_000, intervals: [500] }).toBeNull();

    // The server checks the expiry itself: the same value kept past its Max-Age is refused.
    const replay = await browser.newContext();
    try {
      await replay.addCookies(cookies.map((c) => ({ ...c, expires: -1 })));
      expect(await sessionUser(await replay.newPage(), app.url)).toBeNull();
    } finally {
      await replay.close();
    }

    await queues.refresh();
    await expect(page).toHaveURL(`${app.url}/login?error=expired&next=${encodeURIComponent(QUEUES_PATH)}`);
    await expect(page.getByRole("alert").filter({ hasText: EXPIRED })).toBeVisible();

    await submitSignIn(page, USERS.operator);
    await expect(page).toHaveURL(`${app.url}${QUEUES_PATH}`);
    await expect(queues.heading).toBeVisible();
  });
});

test.describe("local mode (no users configured)", () => {
  test("says Local mode with the admin role, and offers no Sign out", async ({ page, queuesPage, app }) => {
    await queuesPage.goto();
    const header = page.getByRole("banner");
    await expect(header.getByText("Local mode", { exact: true })).toBeVisible();
    await expect(header.getByLabel(/^Role: admin\./)).toHaveText("admin");
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" })).toBeVisible();
    await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
    expect(await sessionUser(page, app.url)).toBe("local");

    // Nothing to sign in to: the sign-in page sends the user on, to the overview.
    await page.goto("/login");
    await expect(page).toHaveURL(`${app.url}/`);
    await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  });
});
