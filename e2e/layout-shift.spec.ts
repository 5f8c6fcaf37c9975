// Cumulative layout shift on the main pages, recorded by the browser while each one loads and
// settles. A budget, not a timing: CLS is how far content jumped, whatever the machine's speed.
import { expect, test } from "./support/fixtures";

const BUDGET = 0.1; // "good" by the Web Vitals definition

const PAGES = [
  "/accounts/local/queues",
  "/accounts/local/queues/orders",
  "/accounts/local/settings",
  "/jobs",
  "/audit",
];

for (const route of PAGES) {
  test(`${route} loads with a layout shift under ${BUDGET}`, async ({ page }) => {
    // Registered before the page's own scripts, so the shifts of the first paint count too.
    await page.addInitScript(() => {
      const w = window as unknown as { __cls: number };
      w.__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) w.__cls += entry.value;
        }
      }).observe({ type: "layout-shift", buffered: true });
    });
    await page.goto(route);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // Network idle comes after the streamed listing has finished counting: the old counting bar
    // shifted the table when it went away.
    await page.waitForLoadState("networkidle");
    const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
    test.info().annotations.push({ type: "cls", description: `${route}: ${cls.toFixed(4)}` });
    expect(cls, `${route} shifted by ${cls.toFixed(4)}`).toBeLessThan(BUDGET);
  });
}
