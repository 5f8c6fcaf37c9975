import { expect, test } from "./support/fixtures";

// globals.css: --bg in the light and the dark theme.
const LIGHT_BG = "rgb(248, 250, 252)";
const DARK_BG = "rgb(11, 17, 32)";

test("the toggle switches to the dark theme, repaints the page, and the choice survives a reload", async ({
  page,
  queuesPage,
  shell,
}) => {
  await queuesPage.goto();
  expect(await shell.isDark()).toBe(false);
  expect(await shell.bodyBackground()).toBe(LIGHT_BG);
  await expect(shell.themeToggle).toHaveAccessibleName("Switch to dark theme");

  await shell.themeToggle.click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expect(shell.themeToggle).toHaveAccessibleName("Switch to light theme");
  await expect.poll(() => shell.bodyBackground()).toBe(DARK_BG);

  await page.reload();
  await queuesPage.ready();
  expect(await shell.isDark()).toBe(true);
  expect(await shell.bodyBackground()).toBe(DARK_BG);
  await expect(shell.themeToggle).toHaveAccessibleName("Switch to light theme");

  await shell.themeToggle.click();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await page.reload();
  await queuesPage.ready();
  expect(await shell.isDark()).toBe(false);
  expect(await shell.bodyBackground()).toBe(LIGHT_BG);
});

test("the toggle is reachable with Tab and works with Enter and Space", async ({ page, queuesPage, shell }) => {
  await queuesPage.goto();
  await shell.accountSelect.focus();
  await page.keyboard.press("Tab");
  await expect(shell.themeToggle).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expect(shell.themeToggle).toBeFocused();

  await page.keyboard.press("Space");
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await expect(shell.themeToggle).toHaveAccessibleName("Switch to dark theme");
});

test("an open page follows the system theme until the user picks one with the toggle", async ({
  page,
  queuesPage,
  shell,
}) => {
  await page.emulateMedia({ colorScheme: "light" });
  await queuesPage.goto();
  expect(await shell.isDark()).toBe(false);
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);
  await expect.poll(() => shell.bodyBackground()).toBe(DARK_BG);
  await expect(shell.themeToggle).toHaveAccessibleName("Switch to light theme");

  // A choice made here wins over later system changes.
  await shell.themeToggle.click();
  await expect(page.locator("html")).not.toHaveClass(/\bdark\b/);
  await page.emulateMedia({ colorScheme: "light" });
  await page.emulateMedia({ colorScheme: "dark" });
  await expect(shell.themeToggle).toHaveAccessibleName("Switch to dark theme");
  expect(await shell.isDark()).toBe(false);
});

test.describe("with a dark system preference", () => {
  test.use({ colorScheme: "dark" });

  test("the page starts dark until the user chooses otherwise", async ({ page, queuesPage, shell }) => {
    await queuesPage.goto();
    expect(await shell.isDark()).toBe(true);
    expect(await shell.bodyBackground()).toBe(DARK_BG);
    await shell.themeToggle.click();
    await page.reload();
    await queuesPage.ready();
    expect(await shell.isDark()).toBe(false);
  });
});
