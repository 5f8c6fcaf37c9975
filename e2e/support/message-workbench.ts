// The Messages tab as a workbench: filter, JSON columns, selection and bulk actions, inspector.
import { expect, type Locator, type Page } from "@playwright/test";
import { QueuePage } from "./queue-page";

export class MessageWorkbench extends QueuePage {
  readonly search: Locator;
  readonly condition: Locator;
  readonly selection: Locator;
  readonly summary: Locator;
  readonly jsonView: Locator;

  constructor(page: Page) {
    super(page);
    this.search = page.getByRole("searchbox", { name: "Search loaded messages" });
    this.condition = page.getByRole("textbox", { name: "JSONPath condition" });
    this.selection = page.getByRole("toolbar", { name: "Selection" });
    this.summary = page.getByText(/^(Peek|Deep browse): /);
    this.jsonView = page.getByRole("toolbar", { name: "JSON view" });
  }

  async addColumn(path: string): Promise<void> {
    await this.page.getByRole("combobox", { name: "JSON column" }).fill(path);
    await this.button("Add column").click();
  }

  /** Loads every message with pop receipts, so they can be selected and acted on. */
  async deepBrowse(expected: number, hideForSeconds?: number): Promise<void> {
    await this.button("Deep browse…").click();
    const dialog = this.dialog(/Deep browse/);
    if (hideForSeconds) await dialog.getByLabel("Hide messages for").selectOption(String(hideForSeconds));
    await dialog.getByRole("button", { name: "Hide and load messages" }).click();
    await expect(this.page.getByText(new RegExp(`Deep browse: ${expected} messages loaded`))).toBeVisible();
  }

  row(text: string | RegExp): Locator {
    return this.page.getByRole("row").filter({ hasText: text });
  }

  checkbox(text: string | RegExp): Locator {
    return this.row(text).getByRole("checkbox");
  }

  inspectButton(text: string | RegExp): Locator {
    return this.row(text).getByRole("button", { name: /^Inspect message / });
  }

  /** The header checkbox: all, some (indeterminate) or none of the matching rows selected. */
  get selectAllBox(): Locator {
    return this.page.getByRole("checkbox", { name: "Select all matching messages that can be acted on" });
  }

  get actions(): Locator {
    return this.inspector.getByRole("group", { name: "Act on this message" });
  }
}
