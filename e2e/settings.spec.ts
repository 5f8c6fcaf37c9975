import { expect, test } from "./support/fixtures";

test.describe.configure({ mode: "serial" });

test.describe("queue service settings", () => {
  test.beforeEach(async ({ app }) => {
    // Settings are account-wide: start each test from no CORS rules and metrics off.
    await fetch(`${app.url}/api/accounts/local/service/properties`, {
      method: "PUT",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify({ cors: [], hourMetrics: { enabled: false, includeApis: false, retentionDays: null } }),
    });
  });

  test("adds, edits and removes a CORS rule, previewing each change before saving", async ({ page, app }) => {
    await page.goto("/accounts/local/settings");
    await page.getByRole("button", { name: "+ Add rule" }).click();
    const origins = page.getByRole("textbox", { name: /Allowed origins/ });
    await origins.fill("https://ops.example.com/path");
    await expect(page.getByText("An origin is * or scheme://host[:port], without a path.")).toBeVisible();
    await expect(page.getByRole("button", { name: /Review and save/ })).toBeDisabled();
    await origins.fill("https://ops.example.com");
    await page.getByRole("checkbox", { name: "PUT" }).check();
    await page.getByRole("button", { name: /Review and save/ }).click();
    const dialog = page.getByRole("dialog", { name: "Save these changes to the queue service?" });
    await expect(dialog.getByRole("row", { name: /CORS rules: rule 1 \(new\): allowed origins/ })).toContainText(
      "https://ops.example.com",
    );
    await expect(dialog.getByRole("row", { name: /CORS rules: rule 1 \(new\): allowed methods/ })).toContainText(
      "GET, PUT",
    );
    await expect(dialog.getByRole("row", { name: /CORS rules: rule 1 \(new\): max age/ })).toContainText("0");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    // The heading counts the draft too, so wait for the save itself: the dialog closes and nothing is left to save.
    await expect(dialog).toBeHidden();
    await expect(page.getByRole("button", { name: /Review and save/ })).toBeDisabled();
    await expect
      .poll(async () => (await (await fetch(`${app.url}/api/accounts/local/service/properties`)).json()).cors)
      .toEqual([
        {
          allowedOrigins: ["https://ops.example.com"],
          allowedMethods: ["GET", "PUT"],
          allowedHeaders: [],
          exposedHeaders: [],
          maxAgeInSeconds: 0,
        },
      ]);

    await page.getByRole("spinbutton", { name: "Max age (s)" }).fill("600");
    await page.getByRole("button", { name: /Review and save \(1\)/ }).click();
    await expect(dialog.getByRole("row", { name: /rule 1: max age \(s\)/ })).toContainText("600");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect
      .poll(
        async () =>
          (await (await fetch(`${app.url}/api/accounts/local/service/properties`)).json()).cors[0]?.maxAgeInSeconds,
      )
      .toBe(600);

    await page.getByRole("button", { name: "Remove rule 1" }).click();
    await page.getByRole("button", { name: /Review and save/ }).click();
    await expect(dialog).toContainText("removed");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByText("No CORS rules")).toBeVisible();
    await expect
      .poll(async () => (await (await fetch(`${app.url}/api/accounts/local/service/properties`)).json()).cors)
      .toEqual([]);
  });

  test("toggles hour metrics with APIs, and shows the emulator's geo-replication stats", async ({ page, app }) => {
    await page.goto("/accounts/local/settings");
    const includeApis = page.getByRole("checkbox", { name: "Hour metrics: include APIs" });
    await expect(includeApis).toBeDisabled();
    await page.getByRole("checkbox", { name: "Hour metrics enabled" }).check();
    await includeApis.check();
    await page.getByRole("spinbutton", { name: /Hour metrics retention/ }).fill("7");
    await page.getByRole("button", { name: /Review and save/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("button", { name: /Review and save/ })).toBeDisabled();
    const saved = await (await fetch(`${app.url}/api/accounts/local/service/properties`)).json();
    expect(saved.hourMetrics).toEqual({ enabled: true, includeApis: true, retentionDays: 7 });

    const geo = page.getByRole("region", { name: "Geo-replication" });
    await expect(geo).toContainText("Status");
    await expect(geo).toContainText(/live|bootstrap|unavailable/);
  });

  test("asks before overwriting a save made in another tab", async ({ page, app }) => {
    await page.goto("/accounts/local/settings");
    await page.getByRole("checkbox", { name: "Hour metrics enabled" }).check();
    // Another tab saves first.
    await fetch(`${app.url}/api/accounts/local/service/properties`, {
      method: "PUT",
      headers: { "content-type": "application/json", origin: app.url },
      body: JSON.stringify({
        cors: [
          {
            allowedOrigins: ["https://other.example"],
            allowedMethods: ["GET"],
            allowedHeaders: [],
            exposedHeaders: [],
            maxAgeInSeconds: 1,
          },
        ],
      }),
    });
    await page.getByRole("button", { name: /Review and save/ }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Save changes" }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Someone saved these settings after you opened them." });
    await expect(alert).toBeVisible();
    expect((await (await fetch(`${app.url}/api/accounts/local/service/properties`)).json()).hourMetrics.enabled).toBe(
      false,
    );
    await alert.getByRole("button", { name: "Discard mine and load theirs" }).click();
    await expect(page.getByRole("textbox", { name: /Allowed origins/ })).toHaveValue("https://other.example");
    await expect(page.getByRole("checkbox", { name: "Hour metrics enabled" })).not.toBeChecked();
  });
});
