// The command palette, as a keyboard user finds it.
import { expect, type Locator, type Page } from "@playwright/test";

export class CommandPalette {
  readonly dialog: Locator;
  readonly input: Locator;

  constructor(readonly page: Page) {
    this.dialog = page.getByRole("dialog", { name: "Command palette" });
    this.input = this.dialog.getByRole("combobox");
  }

  async openWithKeyboard(): Promise<void> {
    await this.page.keyboard.press("Control+K");
    await expect(this.input).toBeFocused();
  }

  option(name: string | RegExp): Locator {
    return this.page.getByRole("option", { name });
  }
}
