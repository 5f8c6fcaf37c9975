// The queue detail page: header, Messages and Properties tabs.
import { expect, type Locator, type Page } from "@playwright/test";

export class QueuePage {
  readonly heading: Locator;
  readonly messagesTab: Locator;
  readonly propertiesTab: Locator;
  readonly messageRows: Locator;
  readonly inspector: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1 });
    this.messagesTab = page.getByRole("tab", { name: "Messages" });
    this.propertiesTab = page.getByRole("tab", { name: "Properties" });
    this.messageRows = page.getByRole("button", { name: /^Inspect message / });
    this.inspector = page.getByRole("region", { name: "Message inspector" });
    this.status = page.getByRole("status").filter({ hasNotText: /Peeking|Loading/ });
  }

  async goto(queue: string, tab: "messages" | "properties" = "messages", account = "local"): Promise<void> {
    await this.page.goto(`/accounts/${account}/queues/${encodeURIComponent(queue)}?tab=${tab}`);
    await expect(this.heading).toContainText(queue);
  }

  button(name: string | RegExp): Locator {
    return this.page.getByRole("button", { name });
  }

  dialog(name: string | RegExp): Locator {
    return this.page.getByRole("dialog", { name });
  }

  async approximateCount(): Promise<number> {
    const text = await this.page
      .getByText(/messages \(approximate, includes invisible/)
      .locator("..")
      .textContent();
    return Number(/~([\d,]+)/.exec(text ?? "")?.[1]?.replace(/,/g, ""));
  }
}
