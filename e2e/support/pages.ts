// Page objects: what a user sees, found the way assistive technology finds it.
import { expect, type Locator, type Page } from "@playwright/test";

/** A Sonner toast, by the text of its title (or any of its text). */
export function toast(page: Page, text: string | RegExp): Locator {
  return page
    .getByRole("region", { name: /^Notifications/ })
    .getByRole("listitem")
    .filter({ hasText: text });
}

/** Header, theme toggle and health banner: on every account page. */
export class AppShell {
  readonly themeToggle: Locator;
  readonly accountSelect: Locator;
  readonly unreachableBanner: Locator;

  constructor(readonly page: Page) {
    this.themeToggle = page.getByRole("button", { name: /^Switch to (dark|light) theme$/ });
    this.accountSelect = page.getByRole("combobox", { name: "Account" });
    this.unreachableBanner = page.getByRole("alert").filter({ hasText: /Storage account .* is unreachable/ });
  }

  async isDark(): Promise<boolean> {
    return this.page.evaluate(() => document.documentElement.classList.contains("dark"));
  }

  async bodyBackground(): Promise<string> {
    return this.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  }
}

export class QueuesPage {
  readonly shell: AppShell;
  readonly heading: Locator;
  readonly table: Locator;
  readonly rows: Locator;
  readonly summary: Locator;
  readonly refreshButton: Locator;
  readonly listError: Locator;
  readonly tryAgainButton: Locator;
  readonly filter: Locator;
  readonly selectAll: Locator;
  /** The bar that acts on the selected rows. */
  readonly bulkBar: Locator;

  /** `origin` is needed only for an instance other than the shared one (the baseURL). */
  constructor(
    readonly page: Page,
    private readonly origin = "",
  ) {
    this.shell = new AppShell(page);
    this.heading = page.getByRole("heading", { level: 1, name: "Queues" });
    this.table = page.getByRole("table", { name: "Queues" });
    this.rows = this.table.getByRole("rowgroup", { name: "Queue rows" }).getByRole("row");
    this.summary = page.getByRole("region", { name: "Queues" }).getByText(/^[\d,]+ queues?\b|^Listing queues/);
    this.refreshButton = page.getByRole("button", { name: /^Refresh(ing…)?$/ });
    this.listError = page.getByRole("alert").filter({ hasText: "Could not list queues" });
    this.tryAgainButton = this.listError.getByRole("button", { name: "Try again" });
    this.filter = page.getByRole("searchbox", { name: "Filter" });
    this.selectAll = this.table.getByRole("checkbox", { name: /^Select all \d+ queues shown$/ });
    this.bulkBar = page.getByRole("toolbar", { name: "Selected queues" });
  }

  /** Opens the queue table and waits for the first listing (or its error): React has hydrated. */
  async goto(account = "local"): Promise<void> {
    await this.page.goto(`${this.origin}/accounts/${encodeURIComponent(account)}/queues`);
    await this.ready();
  }

  async ready(): Promise<void> {
    await expect(this.heading).toBeVisible();
    await expect(this.table.or(this.listError)).toBeVisible();
  }

  /** Waits until the streamed listing has every name and every count. */
  async waitForCounts(): Promise<void> {
    await expect(this.summary).toHaveText(/^[\d,]+ queues? · ~[\d,]+ messages \(approximate\)$/);
  }

  queueLink(name: string): Locator {
    return this.table.getByRole("link", { name, exact: true });
  }

  row(name: string): Locator {
    return this.rows.filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  countCell(name: string): Locator {
    return this.row(name).getByRole("cell").first();
  }

  metadataCell(name: string): Locator {
    return this.row(name).getByRole("cell").last();
  }

  /** The sampled flags (stalled, growing): the last cell but the metadata's, shown from lg on. */
  statusCell(name: string): Locator {
    return this.row(name).getByRole("cell").nth(6);
  }

  selectBox(name: string): Locator {
    return this.row(name).getByRole("checkbox", { name: `Select ${name}`, exact: true });
  }

  onlyFlag(label: "Poison not empty" | "Stalled" | "Growing"): Locator {
    return this.page.getByRole("group", { name: "Show only queues that are" }).getByRole("checkbox", { name: label });
  }

  /** Opens a row's action menu and answers its dialog. */
  async openRowMenu(name: string): Promise<Locator> {
    await this.row(name)
      .getByRole("button", { name: `Actions for ${name}`, exact: true })
      .click();
    const menu = this.page.getByRole("dialog", { name: `Queue “${name}”` });
    await expect(menu).toBeVisible();
    return menu;
  }

  async refresh(): Promise<void> {
    await this.refreshButton.click();
  }
}
