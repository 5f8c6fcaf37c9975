// Account keys, connection strings and SAS tokens never reach the browser, the logs or error
// messages. Accounts with distinctive secrets (random keys Azurite is told to accept, a real
// account SAS, a SAS with a forged signature, a wrong key, an unreachable endpoint) are used
// through every page and several error paths; every response (headers and body), every page's
// HTML, every client bundle, the server's output and the audit log are then searched for them.
// Also: the security headers of pages and API answers, and no console error or CSP violation.
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import {
  AccountSASPermissions,
  generateAccountSASQueryParameters,
  QueueServiceClient,
  StorageSharedKeyCredential,
} from "@azure/storage-queue";
import { apiSignIn, auditLog, signIn, startWithUsers, USERS } from "./support/auth";
import { expect, test } from "./support/fixtures";
import { QueuesPage } from "./support/pages";
import { QueuePage } from "./support/queue-page";
import { freePort, ROOT, tempDir, type QueuescopeInstance } from "./support/queuescope";
import { EMULATOR_ACCOUNT_KEY } from "./support/storage";
import { startAzurite, type AzuriteProcess } from "../scripts/lib/azurite";

test.describe.configure({ mode: "serial" });

const ACCOUNT = "qsecret";
const QUEUE = "vault";
const EXPORT_QUEUE = "archive";

const randomKey = () => randomBytes(64).toString("base64");
/** Accepted by Azurite as the account's first key; used by the "keyed" account. */
const KEY = randomKey();
/** Azurite's second key for the account; only inside the connection string. */
const CS_KEY = randomKey();
/** Not a key of the account: every call of the "wrongkey" account is refused by the service. */
const WRONG_KEY = randomKey();
/** The key of an account whose endpoint nobody listens on. */
const GONE_KEY = randomKey();

interface Secret {
  label: string;
  value: string;
}

/** The value as it is, base64url and percent-encoded: the forms a leak would take in JSON, URLs and cookies. */
function forms(label: string, value: string): Secret[] {
  const variants = new Map<string, string>([
    [value, label],
    [value.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""), `${label} (base64url)`],
    [encodeURIComponent(value), `${label} (percent-encoded)`],
    [encodeURIComponent(encodeURIComponent(value)), `${label} (percent-encoded twice)`],
  ]);
  return [...variants].map(([v, l]) => ({ label: l, value: v }));
}

/** A key counts as leaked when any 24 characters of its start appear: truncation is no excuse. */
function keyForms(label: string, key: string): Secret[] {
  return forms(label, key).map((s) => ({ ...s, value: s.value.slice(0, 24) }));
}

interface Recorded {
  url: string;
  method: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface Violation {
  page: string;
  directive: string;
  blocked: string;
  source: string;
}

interface ConsoleProblem {
  text: string;
  url: string;
}

let azurite: AzuriteProcess | undefined;
let instance: QueuescopeInstance | undefined;
let configDir: string | undefined;
let accountsFile = "";
let secrets: Secret[] = [];
let connectionString = "";
let sasToken = "";
const responses: Recorded[] = [];
const pages: { url: string; html: string }[] = [];
const consoleProblems: ConsoleProblem[] = [];
/** CSP violations while the first test used the app. */
const violations: Violation[] = [];

/** Starts Azurite knowing only our account (AZURITE_ACCOUNTS is read from its environment). */
async function startAzuriteWithAccount(): Promise<AzuriteProcess> {
  const previous = process.env.AZURITE_ACCOUNTS;
  process.env.AZURITE_ACCOUNTS = `${ACCOUNT}:${KEY}:${CS_KEY}`;
  try {
    // startAzurite spawns synchronously, before its first await: the child gets this environment.
    const started = startAzurite({ port: 0 });
    return await started;
  } finally {
    if (previous === undefined) delete process.env.AZURITE_ACCOUNTS;
    else process.env.AZURITE_ACCOUNTS = previous;
  }
}

function leaksIn(text: string): string[] {
  return secrets.filter((s) => text.includes(s.value)).map((s) => s.label);
}

/** Where any secret (in any form) occurs, as "where: which secret". */
function findLeaks(items: { where: string; text: string }[]): string[] {
  return items.flatMap(({ where, text }) => leaksIn(text).map((label) => `${where}: ${label}`));
}

const SIG_PARAM = /[?&]sig=(?!REDACTED)[^&\s"'<]+/i;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

function recordEverything(page: Page, pending: Promise<unknown>[]): void {
  page.on("response", (res) => {
    pending.push(
      (async () => {
        const body = await res.body().then(
          (b) => b.toString("utf8"),
          () => "",
        );
        responses.push({
          url: res.url(),
          method: res.request().method(),
          status: res.status(),
          headers: await res.allHeaders(),
          body,
        });
      })(),
    );
  });
  page.on("console", (msg) => {
    if (msg.type() === "error" || /Content[- ]Security[- ]Policy/i.test(msg.text()))
      consoleProblems.push({ text: msg.text(), url: msg.location().url });
  });
  page.on("pageerror", (err) => consoleProblems.push({ text: `${err.name}: ${err.message}`, url: page.url() }));
}

/** Reports the page's securitypolicyviolation events into `into`. */
async function watchCsp(page: Page, into: Violation[]): Promise<void> {
  await page.exposeBinding("__qsCspViolation", (source, v: Omit<Violation, "page">) => {
    into.push({ page: source.page.url(), ...v });
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      const report = (window as unknown as { __qsCspViolation: (v: unknown) => void }).__qsCspViolation;
      report({
        directive: e.violatedDirective,
        blocked: e.blockedURI,
        source: `${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
      });
    });
  });
}

/** Opens a page, waits until `ready` shows (the data has loaded), keeps its HTML. */
async function visit(page: Page, pathname: string, ready: (page: Page) => Locator): Promise<void> {
  await page.goto(`${instance!.url}${pathname}`);
  await expect(ready(page)).toBeVisible({ timeout: 30_000 });
  pages.push({ url: pathname, html: await page.content() });
}

/** A request the app's own client could make, sent from inside the page (same origin, session cookie). */
async function apiFromPage(
  page: Page,
  method: string,
  pathname: string,
  body?: unknown,
): Promise<{ status: number; json: { error?: { code?: string; message?: string }; job?: { id: string } } }> {
  return page.evaluate(
    async ({ method, pathname, body }) => {
      const res = await fetch(pathname, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return {
        status: res.status,
        json: (await res.json()) as { error?: { code?: string; message?: string }; job?: { id: string } },
      };
    },
    { method, pathname, body },
  );
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  azurite = await startAzuriteWithAccount();
  const endpoint = `${azurite.origin}/${ACCOUNT}`;
  const credential = new StorageSharedKeyCredential(ACCOUNT, KEY);
  const service = new QueueServiceClient(endpoint, credential);
  await service.getQueueClient(QUEUE).create({ metadata: { owner: "secrets-spec" } });
  for (const text of ["first secret-free message", "second", "third"])
    await service.getQueueClient(QUEUE).sendMessage(text);
  await service.getQueueClient(EXPORT_QUEUE).create();
  for (const text of ["a", "b"]) await service.getQueueClient(EXPORT_QUEUE).sendMessage(text);

  const sas = generateAccountSASQueryParameters(
    {
      permissions: AccountSASPermissions.parse("rwdlacup"),
      services: "q",
      resourceTypes: "sco",
      expiresOn: new Date(Date.now() + 24 * 3600_000),
    },
    credential,
  );
  sasToken = sas.toString();
  const forgedSig = randomBytes(32).toString("base64");
  const forgedSasToken = sasToken.replace(/sig=[^&]+/, `sig=${encodeURIComponent(forgedSig)}`);
  connectionString = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${CS_KEY};QueueEndpoint=${endpoint};`;
  const gonePort = await freePort();

  secrets = [
    ...keyForms("account key", KEY),
    ...keyForms("connection-string key", CS_KEY),
    ...keyForms("wrong key", WRONG_KEY),
    ...keyForms("unreachable account's key", GONE_KEY),
    ...forms("connection string", connectionString),
    ...forms("SAS token", sasToken),
    ...forms("SAS signature", sas.signature),
    ...forms("forged SAS token", forgedSasToken),
    ...forms("forged SAS signature", forgedSig),
  ];

  configDir = tempDir("secrets-accounts");
  accountsFile = path.join(configDir, "accounts.json");
  writeFileSync(
    accountsFile,
    JSON.stringify([
      { id: "keyed", name: "Keyed", accountName: ACCOUNT, accountKey: KEY, queueEndpoint: endpoint },
      { id: "sas", name: "SAS", accountUrl: endpoint, sasToken },
      { id: "connstr", name: "Connection string", connectionString },
      { id: "wrongkey", name: "Wrong key", accountName: ACCOUNT, accountKey: WRONG_KEY, queueEndpoint: endpoint },
      { id: "badsas", name: "Forged SAS", accountUrl: endpoint, sasToken: forgedSasToken },
      {
        id: "gone",
        name: "Gone",
        accountName: "qgone",
        accountKey: GONE_KEY,
        queueEndpoint: `http://127.0.0.1:${gonePort}/qgone`,
      },
    ]),
    { mode: 0o600 },
  );
  instance = await startWithUsers({ env: { QUEUESCOPE_ACCOUNTS: accountsFile } });
});

test.afterAll(async () => {
  await instance?.stop();
  await azurite?.stop();
  if (configDir) rmSync(configDir, { recursive: true, force: true });
});

test("an admin uses every page and several error paths; no response or page holds a secret", async ({ page }) => {
  test.setTimeout(240_000);
  const pending: Promise<unknown>[] = [];
  recordEverything(page, pending);
  await watchCsp(page, violations);
  const queuePage = new QueuePage(page);
  const queueList = (p: Page) => new QueuesPage(p).table;
  const listError = (p: Page) => new QueuesPage(p).listError;

  await signIn(page, instance!.url, USERS.admin, "/accounts/keyed/queues");
  await expect(page).toHaveURL(/\/accounts\/keyed\/queues$/);

  // Working accounts: list, messages (inspected), properties, settings.
  for (const account of ["keyed", "sas", "connstr"]) {
    await visit(page, `/accounts/${account}/queues`, (p) => new QueuesPage(p).row(QUEUE));
    await expect(new QueuesPage(page).summary).toHaveText(/^2 queues · ~5 messages/);
    await visit(page, `/accounts/${account}/queues/${QUEUE}?tab=messages`, () => queuePage.messageRows.first());
    await expect(queuePage.messageRows).toHaveCount(3);
    await queuePage.messageRows.first().click();
    await expect(queuePage.inspector).toContainText("first secret-free message");
    await visit(page, `/accounts/${account}/queues/${QUEUE}?tab=properties`, (p) =>
      p.getByText("secrets-spec", { exact: true }),
    );
    if (account === "sas") {
      // An account SAS cannot read a queue's ACL: said in words, not as a storage error, and no edit button.
      await expect(
        page.getByRole("note").filter({ hasText: "Stored access policies are read and written with the account key" }),
      ).toBeVisible();
      await expect(page.getByRole("button", { name: "Edit policies" })).toHaveCount(0);
    }
    await visit(page, `/accounts/${account}/settings`, (p) => p.getByText(/^CORS rules \(\d of 5\)$/));
  }

  // The SAS URL an admin asks for is shown once, on purpose.
  await page.goto(`${instance!.url}/accounts/keyed/queues/${QUEUE}?tab=properties`);
  const sasAnswer = page.waitForResponse(
    (res) => res.request().method() === "POST" && res.url().endsWith(`/queues/${QUEUE}/sas`),
  );
  await page.getByRole("button", { name: "Generate SAS URL" }).click();
  expect((await sasAnswer).status()).toBe(200);
  await expect(page.getByLabel("SAS URL (shown once: copy it now)")).toHaveValue(/[?&]sig=/);
  await page.getByRole("button", { name: "Hide" }).click();
  await expect(page.getByLabel("SAS URL (shown once: copy it now)")).toHaveCount(0);
  pages.push({ url: "keyed queue properties after a SAS was shown", html: await page.content() });
  // Accounts without a key cannot sign one, and say so without showing what they have instead.
  expect(
    await apiFromPage(page, "POST", `/api/accounts/sas/queues/${QUEUE}/sas`, {
      permissions: "r",
      expiresOn: new Date(Date.now() + 3600_000).toISOString(),
    }),
  ).toMatchObject({ status: 409, json: { error: { code: "not_available" } } });

  // Error paths: a wrong key and a forged SAS (the service answers 403), an unreachable endpoint.
  for (const account of ["wrongkey", "badsas"]) {
    await visit(page, `/accounts/${account}/queues`, listError);
    await expect(page.getByRole("alert").filter({ hasText: "rejected Queuescope's credentials" })).toBeVisible({
      timeout: 30_000,
    });
    await visit(page, `/accounts/${account}/queues/${QUEUE}`, (p) => p.getByText(`Could not load queue “${QUEUE}”`));
    await visit(page, `/accounts/${account}/settings`, (p) => p.getByText("Could not read the service settings"));
    const base = `/api/accounts/${account}/queues/${QUEUE}`;
    const calls = [
      await apiFromPage(page, "GET", `${base}/messages`),
      await apiFromPage(page, "POST", `${base}/messages`, { text: "never stored" }),
      await apiFromPage(page, "POST", `${base}/messages/receive`, { count: 1, visibilityTimeout: 30 }),
      await apiFromPage(page, "PUT", `${base}/metadata`, { metadata: { a: "b" } }),
      await apiFromPage(page, "GET", `${base}/access-policies`),
      await apiFromPage(page, "PUT", `/api/accounts/${account}/service/properties`, { cors: [] }),
      await apiFromPage(page, "POST", `/api/accounts/${account}/queues`, { name: "never-created" }),
    ];
    for (const call of calls) expect(call.json.error?.code, JSON.stringify(call)).toBe("storage_auth_failed");
    if (account === "wrongkey") {
      const sas = await apiFromPage(page, "POST", `${base}/sas`, {
        permissions: "r",
        expiresOn: new Date(Date.now() + 3600_000).toISOString(),
      });
      expect(sas.json.error?.code).toBe("storage_auth_failed");
    }
  }
  await visit(page, "/accounts/gone/queues", listError);
  await expect(new QueuesPage(page).shell.unreachableBanner).toBeVisible({ timeout: 30_000 });
  expect(
    (await apiFromPage(page, "POST", `/api/accounts/gone/queues/${QUEUE}/messages`, { text: "x" })).json.error?.code,
  ).toBe("storage_unreachable");

  // Jobs: an export that succeeds (and its download), and one refused by the service.
  const exported = await apiFromPage(page, "POST", `/api/accounts/keyed/queues/${EXPORT_QUEUE}/export`, {});
  expect(exported.status).toBe(202);
  const refusedExport = await apiFromPage(page, "POST", `/api/accounts/wrongkey/queues/${EXPORT_QUEUE}/export`, {});
  expect(refusedExport).toMatchObject({ status: 502, json: { error: { code: "storage_auth_failed" } } });
  await visit(page, "/jobs", (p) =>
    p.getByRole("article", { name: `Export ${EXPORT_QUEUE}` }).filter({ hasText: "succeeded" }),
  );
  const download = await page.request.get(`${instance!.url}/api/jobs/${exported.json.job!.id}/download`);
  expect(download.status()).toBe(200);
  responses.push({
    url: download.url(),
    method: "GET",
    status: download.status(),
    headers: download.headers(),
    body: await download.text(),
  });
  await visit(page, "/accounts/keyed/queues", queueList);

  // The audit log, a page and an account that do not exist.
  await visit(page, "/audit", (p) => p.getByRole("status").filter({ hasText: /^Showing \d+ entries/ }));
  await expect(page.getByRole("cell", { name: "queue.sas.create" }).first()).toBeVisible();
  await visit(page, "/no-such-page", (p) => p.getByRole("heading", { name: "Not found" }));
  await visit(page, "/accounts/no-such-account/queues", (p) => p.getByRole("heading", { name: "Not found" }));

  await Promise.all(pending);
  // What was recorded is the real traffic: pages, the app's API, the client bundles.
  expect(responses.length).toBeGreaterThan(60);
  expect(responses.some((r) => r.url.includes("/_next/static/") && r.url.endsWith(".js"))).toBe(true);
  expect(responses.some((r) => r.body.includes("first secret-free message"))).toBe(true);
  expect(responses.some((r) => /"code":"storage_auth_failed"/.test(r.body))).toBe(true);
  expect(responses.some((r) => /"code":"storage_unreachable"/.test(r.body))).toBe(true);

  // Excluded from the "no sig= anywhere" check below, and only from that: the SAS URL an admin
  // explicitly asked for is a fresh, scoped credential the feature exists to hand out. It is
  // still searched for the configured secrets (it must not carry the account key or token).
  const sasAnswers = responses.filter(
    (r) => r.method === "POST" && r.url.endsWith(`/accounts/keyed/queues/${QUEUE}/sas`),
  );
  expect(sasAnswers).toHaveLength(1);
  const requestedSas = sasAnswers[0]!;
  expect(requestedSas.body).toMatch(SIG_PARAM);
  expect(requestedSas.headers["cache-control"]).toBe("no-store");

  test
    .info()
    .annotations.push({ type: "scanned", description: `${responses.length} responses, ${pages.length} page HTMLs` });
  const responseTexts = responses.map((r) => ({
    where: `${r.method} ${r.url} (${r.status})`,
    text: `${Object.entries(r.headers)
      .map(([k, v]) => `${k}: ${v}`)
      .join("\n")}\n\n${r.body}`,
  }));
  const pageTexts = pages.map((p) => ({ where: `HTML of ${p.url}`, text: p.html }));
  expect(findLeaks([...responseTexts, ...pageTexts])).toEqual([]);
  expect(
    responseTexts
      .filter((r) => r.where !== `POST ${requestedSas.url} (200)` && SIG_PARAM.test(r.text))
      .map((r) => r.where),
  ).toEqual([]);
  expect(pageTexts.filter((p) => SIG_PARAM.test(p.text)).map((p) => p.where)).toEqual([]);

  // Every API answer (errors included) is no-store.
  const api = responses.filter((r) => new URL(r.url).pathname.startsWith("/api/") && !r.url.endsWith("/download"));
  expect(api.length).toBeGreaterThan(30);
  expect(
    api
      .filter((r) => r.headers["cache-control"] !== "no-store")
      .map((r) => `${r.method} ${r.url}: ${r.headers["cache-control"]}`),
  ).toEqual([]);

  // No console error (CSP violations are checked by the last test). A browser logs every non-2xx
  // answer as "Failed to load resource"; those are allowed only for the error paths above.
  // (An account SAS cannot read a queue's ACL, and cannot sign a SAS: the Properties tab of "sas".)
  const expectedFailure =
    /\/api\/accounts\/(wrongkey|badsas|gone)\/|\/api\/accounts\/sas\/queues\/vault\/(access-policies|sas)$|\/no-such-page$|\/accounts\/no-such-account\/queues$/;
  const unexpected = consoleProblems.filter(
    (c) =>
      !(
        /^Failed to load resource: the server responded with a status of (4|5)\d\d/.test(c.text) &&
        expectedFailure.test(c.url)
      ),
  );
  expect(unexpected).toEqual([]);
  test.info().annotations.push({
    type: "allowed console errors",
    description: [...new Set(consoleProblems.map((c) => `${c.text} ${new URL(c.url).pathname}`))].join("\n"),
  });
});

test("the CSP is enforced: an inline event handler is blocked and reported", async ({ page }) => {
  const seen: Violation[] = [];
  await watchCsp(page, seen);
  await signIn(page, instance!.url, USERS.admin, "/jobs");
  await expect(page.getByRole("heading", { level: 1, name: "Jobs" })).toBeVisible();
  const ran = await page.evaluate(() => {
    const w = window as unknown as { __qsInjected?: string[] };
    w.__qsInjected = [];
    const div = document.createElement("div");
    div.setAttribute("onclick", "window.__qsInjected.push('handler')");
    document.body.append(div);
    div.click();
    div.remove();
    return w.__qsInjected;
  });
  // (eval cannot be probed from here: code the test runner evaluates is exempt from the CSP.)
  expect(ran).toEqual([]);
  await expect
    .poll(() => seen.filter((v) => v.directive.startsWith("script-src") && v.blocked === "inline").length)
    .toBeGreaterThanOrEqual(1);
});

test("the search finds every secret where it is meant to be: the accounts file", () => {
  // A control for the searches above and below: each configured secret is found, in one of its forms.
  const found = new Set(leaksIn(readFileSync(accountsFile, "utf8")).map((label) => label.replace(/ \(.*\)$/, "")));
  expect([...found].sort()).toEqual([...new Set(secrets.map((s) => s.label.replace(/ \(.*\)$/, "")))].sort());
});

test("the server's output and audit log hold no secret", async () => {
  const output = instance!.output();
  const audit = (await auditLog(instance!.url, await apiSignIn(instance!.url, USERS.admin))).text;
  // The audit log has the actions above, with what was asked and how it ended.
  expect(audit).toContain('"action":"queue.sas.create"');
  expect(audit).toContain('"error":"storage_auth_failed"');
  expect(output).toContain('"type":"audit"');
  expect(
    findLeaks([
      { where: "server output", text: output },
      { where: "the audit log", text: audit },
    ]),
  ).toEqual([]);
  expect(SIG_PARAM.test(output), "a sig= parameter in the server output").toBe(false);
  expect(SIG_PARAM.test(audit), "a sig= parameter in the audit log").toBe(false);
});

test("no client bundle under .next/static holds a secret or account-key handling", () => {
  const staticDir = path.join(ROOT, ".next", "static");
  const bundles = files(staticDir).map((file) => ({
    where: path.relative(ROOT, file),
    text: readFileSync(file, "latin1"),
  }));
  expect(bundles.filter((b) => b.where.endsWith(".js")).length).toBeGreaterThan(5);
  test.info().annotations.push({ type: "scanned", description: `${bundles.length} files under .next/static` });
  expect(findLeaks(bundles)).toEqual([]);
  // The emulator's well-known key lives in lib/config/accounts.ts: finding it in a bundle would
  // mean the account configuration (and whatever it holds) is shipped to the browser.
  expect(bundles.filter((b) => b.text.includes(EMULATOR_ACCOUNT_KEY.slice(0, 24))).map((b) => b.where)).toEqual([]);
  expect(bundles.filter((b) => /AccountKey|accountKey|sasToken/.test(b.text)).map((b) => b.where)).toEqual([]);
});

test("pages and API answers carry the security headers", async ({ page }) => {
  await signIn(page, instance!.url, USERS.admin, "/accounts/keyed/queues");
  const first = await page.request.get(`${instance!.url}/accounts/keyed/queues`);
  expect(first.status()).toBe(200);
  const headers = first.headers();
  const csp = headers["content-security-policy"];
  expect(csp).toBeTruthy();
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(csp!)?.[1];
  expect(nonce).toBeTruthy();
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("no-referrer");
  expect(headers["x-frame-options"]).toBe("DENY");
  // Next puts this request's nonce on its inline scripts; a new request gets a new nonce.
  const html = await first.text();
  const scriptNonces = new Set([...html.matchAll(/<script[^>]*\snonce="([^"]+)"/g)].map((m) => m[1]));
  expect([...scriptNonces]).toEqual([nonce]);
  const second = await page.request.get(`${instance!.url}/accounts/keyed/queues`);
  expect(/'nonce-([A-Za-z0-9+/=]+)'/.exec(second.headers()["content-security-policy"]!)?.[1]).not.toBe(nonce);

  for (const pathname of [
    "/api/accounts",
    "/api/health",
    `/api/accounts/keyed/queues/${QUEUE}/messages`,
    "/api/accounts/wrongkey/queues",
  ]) {
    const res = await page.request.get(`${instance!.url}${pathname}`);
    const h = res.headers();
    expect(h["cache-control"], pathname).toBe("no-store");
    expect(h["x-content-type-options"], pathname).toBe("nosniff");
    expect(h["referrer-policy"], pathname).toBe("no-referrer");
    expect(h["content-security-policy"], pathname).toContain("frame-ancestors 'none'");
  }
  // Static files (outside the proxy) still get the static headers.
  const script = /<script[^>]*\ssrc="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
  expect(script).toBeTruthy();
  const js = await page.request.get(`${instance!.url}${script}`);
  expect(js.status()).toBe(200);
  expect(js.headers()["x-content-type-options"]).toBe("nosniff");
});

// Last, so that a failure here does not skip the checks above (the file runs serially).
test("using the app caused no CSP violation", () => {
  expect(responses.length, "the first test recorded the session").toBeGreaterThan(0);
  // One line per distinct violation and source location (a page load can repeat one).
  expect([...new Set(violations.map((v) => `${v.directive} blocked ${v.blocked} at ${v.source}`))]).toEqual([]);
});
