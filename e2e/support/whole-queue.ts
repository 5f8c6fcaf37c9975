// The whole-queue dialogs: "Apply to the whole queue…" (purge, move, export by filter) and redrive.
import { toast } from "./pages";
import { expect, type Locator } from "@playwright/test";
import type { QueueClient as SdkQueue } from "@azure/storage-queue";
import { MessageWorkbench } from "./message-workbench";
import { drainQueue } from "../../tests/support/multiset";

export class WholeQueue extends MessageWorkbench {
  wholeQueueDialog(queue: string): Locator {
    return this.dialog(`Apply the filter to the whole queue “${queue}”`);
  }

  redriveDialog(source: string, target: string): Locator {
    return this.dialog(`Redrive ${source} to ${target}`);
  }

  /** The job's toast by its title: "Move from a to b" is not "Dry run: Move from a to b". */
  jobToast(name: string): Locator {
    return toast(this.page, new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  }

  /** Runs the dry run and waits for its count. */
  async dryRun(dialog: Locator): Promise<void> {
    await dialog.getByRole("button", { name: "Count matches (dry run)" }).click();
    await expect(dialog.getByText(/ messages in .* match/)).toBeVisible({ timeout: 30_000 });
  }
}

/** Every message text in the queue, as a sorted multiset: received (hidden for a minute), so only at the end. */
export async function drainTexts(q: SdkQueue): Promise<string[]> {
  return (await drainQueue(q)).sort();
}

/** Receives every message once, counts those the predicate picks, and releases each at once (as a scan does). */
export async function countMatching(
  q: SdkQueue,
  pick: (text: string) => boolean,
): Promise<{ matching: number; total: number }> {
  const held: { messageId: string; popReceipt: string; messageText: string }[] = [];
  for (;;) {
    const { receivedMessageItems } = await q.receiveMessages({ numberOfMessages: 32, visibilityTimeout: 60 });
    if (!receivedMessageItems.length) break;
    held.push(...receivedMessageItems);
  }
  await Promise.all(held.map((m) => q.updateMessage(m.messageId, m.popReceipt, undefined, 0)));
  return { matching: held.filter((m) => pick(m.messageText)).length, total: held.length };
}
