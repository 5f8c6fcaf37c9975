// Page objects for the sampled views: the overview (home), the queue page's Metrics tab, charts.
import { expect, type Locator, type Page } from "@playwright/test";

/** A chart with its text alternative, found by its caption. */
export class ChartFigure {
  readonly canvas: Locator;
  readonly tableToggle: Locator;
  readonly dataTable: Locator;

  constructor(readonly figure: Locator) {
    this.canvas = figure.locator("canvas");
    this.tableToggle = figure.getByRole("button", { name: /^(Show|Hide) data table$/ });
    this.dataTable = figure.getByRole("table");
  }

  /** How many canvas pixels are close to a CSS colour (#rrggbb): proof the series is drawn in the theme's colour. */
  async pixelsNear(hex: string): Promise<number> {
    return this.canvas.evaluate((c, color) => {
      const canvas = c as HTMLCanvasElement;
      const want = [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16));
      const data = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height).data;
      let n = 0;
      for (let i = 0; i < data.length; i += 4)
        if (data[i + 3]! > 200 && want.every((w, k) => Math.abs(data[i + k]! - w) < 24)) n++;
      return n;
    }, hex);
  }
}

export class OverviewPage {
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole("heading", { level: 1, name: "Overview" });
  }

  async goto(): Promise<void> {
    await this.page.goto("/");
    await expect(this.heading).toBeVisible();
  }

  account(name: string): Locator {
    return this.page.getByRole("region", { name, exact: true });
  }

  list(
    account: string,
    title: "Top growing" | "Oldest messages" | "Poison queues not empty" | "Stalled" | "Alerts firing",
  ): Locator {
    return this.account(account).getByRole("region", { name: title });
  }

  chart(account: string): ChartFigure {
    return new ChartFigure(this.account(account).getByRole("figure"));
  }
}

export class QueueMetricsTab {
  readonly tab: Locator;
  readonly chart: ChartFigure;

  constructor(readonly page: Page) {
    this.tab = page.getByRole("tab", { name: "Metrics" });
    this.chart = new ChartFigure(page.getByRole("figure", { name: /depth and oldest message age/ }));
  }

  range(label: "1 h" | "24 h" | "7 d" | "30 d"): Locator {
    return this.page.getByRole("group", { name: "Time range" }).getByRole("button", { name: label });
  }

  stat(label: string): Locator {
    return this.page
      .getByRole("definition")
      .filter({ has: this.page.locator(`xpath=preceding-sibling::dt[.="${label}"]`) });
  }
}
