// An in-memory queue pair with the service's visibility and pop-receipt rules, behind MoveIo.
import type { MoveIo } from "@/lib/jobs/move";

export const storageError = (statusCode: number, code: string) => Object.assign(new Error(code), { statusCode, code });

export function fakeQueues(texts: string[]) {
  let receipt = 0;
  const source = new Map(texts.map((text, i) => [`m${i}`, { text, visibleAt: 0, popReceipt: "" }]));
  const target: string[] = [];
  const io: MoveIo = {
    async receive(count, visibilityTimeout) {
      const now = Date.now();
      const batch = [...source.entries()].filter(([, m]) => m.visibleAt <= now).slice(0, count);
      return batch.map(([id, m]) => {
        m.popReceipt = `r${++receipt}`;
        m.visibleAt = now + visibilityTimeout * 1000;
        return { id, popReceipt: m.popReceipt, text: m.text, nextVisibleOn: new Date(m.visibleAt).toISOString() };
      });
    },
    async send(text) {
      target.push(text);
    },
    async remove(id, popReceipt) {
      const m = source.get(id);
      if (!m) throw storageError(404, "MessageNotFound");
      if (m.popReceipt !== popReceipt) throw storageError(400, "PopReceiptMismatch");
      source.delete(id);
    },
    async release(id, popReceipt) {
      const m = source.get(id);
      if (!m) throw storageError(404, "MessageNotFound");
      if (m.popReceipt !== popReceipt) throw storageError(400, "PopReceiptMismatch");
      m.visibleAt = 0;
    },
  };
  const remainingTexts = () => [...source.values()].map((m) => m.text);
  return { io, source, target, remainingTexts };
}
