// The API for scripts in a real Chromium: the reference page renders under the app's CSP (per
// request nonce, no unsafe-eval) with no violation and nothing fetched from elsewhere, and the
// Tokens page makes a token that a script (no cookie, no Origin) can use until it is revoked.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

interface Problem {
  kind: string;
  text: string;
}

/** Console errors, page errors, CSP violations and requests to other origins. */
async function watch(page: Page, origin: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  page.on("console", (m) => void (m.type() === "error" && problems.push({ kind: "console", text: m.text() })));
  page.on("pageerror", (e) => problems.push({ kind: "pageerror", text: e.message }));
  page.on(
    "request",
    (r) =>
      void (
        !r.url().startsWith(origin) &&
        !r.url().startsWith("data:") &&
        !r.url().startsWith("blob:") &&
        problems.push({ kind: "foreign request", text: r.url() })
      ),
  );
  await page.exposeBinding("__qsViolation", (_source, text: string) => problems.push({ kind: "csp", text }));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      (window as unknown as { __qsViolation: (t: string) => void }).__qsViolation(
        `${e.violatedDirective} ${e.blockedURI}`,
      ),
    );
  });
  return problems;
}

test("the API reference renders from this origin under the CSP, with every operation", async ({ page, app }) => {
  const problems = await watch(page, app.url);
  const res = await page.goto("/api/docs");
  expect(res?.status()).toBe(200);
  const csp = res!.headers()["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  await expect(page.getByRole("heading", { name: /Queuescope API/ })).toBeVisible({ timeout: 30_000 });
  // The sidebar lists every operation; the body renders them as they are scrolled to.
  for (const operation of [
    "Create an API token for yourself",
    "Move (redrive) messages to another queue",
    "Sign in with a local user's password",
  ]) {
    await expect(page.getByText(operation, { exact: true }).first()).toBeAttached();
  }
  await page.goto("/api/docs#tag/Tokens/operation/postApiTokens");
  await expect(page.getByRole("heading", { name: /Create an API token for yourself$/ })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText("expiresInDays").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(problems).toEqual([]);
});

test("a token made on the Tokens page works for a script without cookies or Origin, until it is revoked", async ({
  page,
  app,
  playwright,
}) => {
  const problems = await watch(page, app.url);
  await page.goto("/accounts/local/queues");
  await page.getByRole("link", { name: "Tokens" }).click();
  await expect(page.getByRole("heading", { name: "API tokens" })).toBeVisible();
  await page.waitForLoadState("networkidle"); // hydrated: a value typed before would be reset
  const name = `e2e-${Date.now()}`;
  await page.getByLabel("Name").fill(name);
  await page.getByLabel("Role", { exact: true }).selectOption("viewer");
  await page.getByLabel("Expires in (days)").fill("2");
  await page.getByRole("button", { name: "Create token" }).click();
  const shown = page.getByLabel("The new token");
  await expect(shown).toHaveText(/^qst_[a-f0-9]{24}_[\w-]{43}$/);
  const token = (await shown.textContent())!;
  const row = page.getByRole("row").filter({ hasText: name });
  await expect(row).toContainText("viewer");
  await expect(row).toContainText("active");
  expect(await page.getByRole("table").textContent()).not.toContain(token);

  const script = await playwright.request.newContext({ baseURL: app.url });
  try {
    const auth = { authorization: `Bearer ${token}` };
    expect((await script.get("/api/accounts/local/queues", { headers: auth })).status()).toBe(200);
    const write = await script.post("/api/accounts/local/queues", {
      headers: auth,
      data: { name: `tok${Date.now()}` },
    });
    expect(write.status()).toBe(403);
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: `Revoke ${name}` }).click();
    await expect(row).toContainText("revoked");
    const after = await script.get("/api/accounts/local/queues", { headers: auth });
    expect(after.status()).toBe(401);
    expect((await after.json()).error.code).toBe("unauthorized");
  } finally {
    await script.dispose();
  }
  expect(problems).toEqual([]);
});
