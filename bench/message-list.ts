// Issue 16: filtering 5,000 loaded messages in the browser, and the inspector's expand-all of a
// 64 KiB JSON message. Timed inside the page from the input event to the frame after it painted;
// expand-all counts until the whole document is in the page (its last distinct string).
import type { QueueClient } from "@azure/storage-queue";
import type { Page } from "@playwright/test";
import { mapLimit } from "../lib/util/map-limit";
import { median } from "./support";

export const LIST_SIZE = 5000;
const RUNS = 12;

export async function fillListQueue(queue: QueueClient): Promise<void> {
  await queue.create();
  const texts = Array.from({ length: LIST_SIZE }, (_, i) =>
    JSON.stringify({
      orderId: `ord-${i}`,
      attempt: i % 7,
      error: i % 10 === 0 ? "Timeout" : "None",
      payload: "p".repeat(120),
    }),
  );
  await mapLimit(texts, 32, (t) => queue.sendMessage(Buffer.from(t).toString("base64")));
}

/** Sets an input's value as typing does and waits for the next painted frame. */
function typeAndPaint(page: Page, selector: string, value: string): Promise<number> {
  return page.evaluate(
    async ([sel, v]) => {
      const input = document.querySelector<HTMLInputElement>(sel!)!;
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value")!.set!;
      const started = performance.now();
      setter.call(input, v);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
      return performance.now() - started;
    },
    [selector, value] as const,
  );
}

export async function benchFilter(
  page: Page,
  url: string,
): Promise<{ substringMs: number; jsonPathMs: number; loaded: number }> {
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  await page.getByRole("button", { name: "Deep browse…" }).click();
  const dialog = page.getByRole("dialog", { name: /Deep browse/ });
  await dialog.getByRole("combobox").selectOption("300");
  await dialog.getByRole("spinbutton", { name: "Load at most" }).fill(String(LIST_SIZE));
  await dialog.getByRole("button", { name: "Hide and load messages" }).click();
  await page.getByText(`Deep browse: ${LIST_SIZE} messages loaded`).waitFor({ timeout: 240_000 });
  const search = 'input[type="search"]';
  const jsonPath = 'input[placeholder^="$.error"]';
  const substring: number[] = [];
  const json: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    const a = await typeAndPaint(page, search, i % 2 ? "ord-12" : "timeout");
    await page.getByText(/ of 5,000 loaded match the filter/).waitFor();
    await typeAndPaint(page, search, "");
    const b = await typeAndPaint(page, jsonPath, i % 2 ? "$.attempt > 3" : '$.error == "Timeout"');
    await page.getByText(i % 2 ? "2,142 of 5,000 loaded match" : "500 of 5,000 loaded match").waitFor();
    await typeAndPaint(page, jsonPath, "");
    if (i >= 2) {
      substring.push(a);
      json.push(b);
    }
  }
  return { substringMs: median(substring), jsonPathMs: median(json), loaded: LIST_SIZE };
}

/** The last string literal that occurs once in the text: on screen only when the whole document is. */
function lastUniqueString(text: string): string {
  const literals = text.match(/"(?:[^"\\]|\\.)*"/g) ?? [];
  const last = literals.findLast((s) => text.indexOf(s) === text.lastIndexOf(s));
  if (!last) throw new Error("the bench message has no string that occurs once");
  return last;
}

/** From the click on "Expand all" to the frame in which every line of the document is in the page. */
export async function benchExpandAll(page: Page, url: string): Promise<number> {
  const api = url.replace("/accounts/", "/api/accounts/") + "/messages?count=1";
  const message = (await (await page.request.get(api)).json()).messages[0] as { text: string };
  const last = lastUniqueString(message.text);
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    await page.goto(url);
    await page
      .getByRole("button", { name: /Inspect message/ })
      .first()
      .click();
    await page.getByTestId("json-view").waitFor();
    const ms = await page.evaluate(async (last) => {
      const tree = document.querySelector('[data-testid="json-view"]')!;
      if (tree.textContent!.includes(last)) throw new Error(`${last} is on screen before expand-all`);
      const button = [...document.querySelectorAll("button")].find((b) => b.textContent === "Expand all")!;
      const started = performance.now();
      button.click();
      for (let frame = 0; ; frame++) {
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        if (tree.textContent!.includes(last)) break;
        if (frame > 100) throw new Error(`${last} is not on screen after expand-all`);
      }
      if (tree.textContent!.includes(" more items")) throw new Error("expand-all left an array paged");
      return performance.now() - started;
    }, last);
    if (i >= 1) times.push(ms);
  }
  return median(times);
}
