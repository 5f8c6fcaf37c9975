import "server-only";
import type { QueueClient } from "@azure/storage-queue";
import { AppError } from "@/lib/api/error-codes";
import type { AccountConfig } from "@/lib/config/accounts";
import { byteLength, decodeMessage, MAX_MESSAGE_BYTES, textToBase64 } from "@/lib/messages/decode";
import type { Masker } from "@/lib/messages/mask";
import { mapLimit } from "@/lib/util/map-limit";
import type { MessageWireDto, ReceivedMessageWireDto, SendMessageRequest } from "@/lib/validation/messages";
import { getServiceClient } from "./clients";
import { hasStorageCode, storageCall, toAppError } from "./errors";

const SEND_CONCURRENCY = 16;
const CLEAR_MAX_ATTEMPTS = 200;

interface RawMessage {
  messageId: string;
  insertedOn: Date;
  expiresOn: Date;
  dequeueCount: number;
  messageText: string;
}

function queueClient(account: AccountConfig, queue: string): QueueClient {
  return getServiceClient(account).getQueueClient(queue);
}

/** `mask` (for a masked user) rewrites the text before anything is derived from it; `size` stays the stored size. */
function toDto(m: RawMessage, mask?: Masker): MessageWireDto {
  const text = mask ? mask(m.messageText) : m.messageText;
  // The decoded text stays here: the browser decodes `text` itself, so the bytes travel once.
  const { text: _decodedText, ...decoded } = decodeMessage(text);
  return {
    id: m.messageId,
    insertedOn: m.insertedOn.toISOString(),
    expiresOn: m.expiresOn.toISOString(),
    dequeueCount: m.dequeueCount,
    text,
    size: byteLength(m.messageText),
    decoded,
  };
}

/** The text as it will be stored, refused early when over the service's 64 KiB. */
export function encodeForStorage(text: string, encoding: "text" | "base64"): string {
  const stored = encoding === "base64" ? textToBase64(text) : text;
  const size = byteLength(stored);
  if (size > MAX_MESSAGE_BYTES) {
    throw new AppError(
      "message_too_large",
      `The message is ${size} bytes once encoded; the service accepts at most ${MAX_MESSAGE_BYTES} (64 KiB).`,
      { size, limit: MAX_MESSAGE_BYTES },
    );
  }
  return stored;
}

/** Up to 32 messages without side effects (no dequeue count, no visibility change). */
export async function peekMessages(
  account: AccountConfig,
  queue: string,
  count: number,
  mask?: Masker,
): Promise<MessageWireDto[]> {
  const res = await storageCall(() => queueClient(account, queue).peekMessages({ numberOfMessages: count }));
  return res.peekedMessageItems.map((m) => toDto(m, mask));
}

export async function sendMessages(account: AccountConfig, queue: string, req: SendMessageRequest) {
  const text = encodeForStorage(req.text, req.encoding);
  const client = queueClient(account, queue);
  const options = { visibilityTimeout: req.visibilityTimeout, messageTimeToLive: req.timeToLive };
  let sent = 0;
  let firstError: AppError | undefined;
  const results = await mapLimit(Array.from({ length: req.count }), SEND_CONCURRENCY, async () => {
    if (firstError) return null;
    try {
      const r = await client.sendMessage(text, options);
      sent++;
      return {
        id: r.messageId,
        insertedOn: r.insertedOn.toISOString(),
        expiresOn: r.expiresOn.toISOString(),
        nextVisibleOn: r.nextVisibleOn.toISOString(),
      };
    } catch (err) {
      firstError ??= toAppError(err);
      return null;
    }
  });
  // Copies already sent stay sent: say how many before reporting the failure.
  if (firstError) {
    if (sent === 0) throw firstError;
    throw new AppError(
      firstError.code,
      `${firstError.message} ${sent} of ${req.count} copies were sent before the failure.`,
      { sent, requested: req.count },
    );
  }
  return { sent, size: byteLength(text), messages: results.filter((r) => r !== null).slice(0, 32) };
}

export async function receiveMessages(
  account: AccountConfig,
  queue: string,
  count: number,
  visibilityTimeout: number,
  mask?: Masker,
): Promise<ReceivedMessageWireDto[]> {
  const res = await storageCall(() =>
    queueClient(account, queue).receiveMessages({ numberOfMessages: count, visibilityTimeout }),
  );
  return res.receivedMessageItems.map((m) => ({
    ...toDto(m, mask),
    popReceipt: m.popReceipt,
    nextVisibleOn: m.nextVisibleOn.toISOString(),
  }));
}

export async function updateMessage(
  account: AccountConfig,
  queue: string,
  id: string,
  req: { popReceipt: string; text?: string; encoding: "text" | "base64"; visibilityTimeout: number },
) {
  const text = req.text === undefined ? undefined : encodeForStorage(req.text, req.encoding);
  const res = await storageCall(() =>
    queueClient(account, queue).updateMessage(id, req.popReceipt, text, req.visibilityTimeout),
  );
  return { popReceipt: res.popReceipt!, nextVisibleOn: res.nextVisibleOn!.toISOString() };
}

export async function deleteMessage(
  account: AccountConfig,
  queue: string,
  id: string,
  popReceipt: string,
): Promise<void> {
  await storageCall(() => queueClient(account, queue).deleteMessage(id, popReceipt));
}

/**
 * Calls Clear Messages until it succeeds: on a large queue the service may stop with 500
 * OperationTimedOut after deleting part of it, and the documented remedy is to call it again.
 * Answers the attempts made, or null when the signal stopped it first.
 */
export async function clearUntilDone(clear: () => Promise<unknown>, signal?: AbortSignal): Promise<number | null> {
  for (let attempt = 1; attempt <= CLEAR_MAX_ATTEMPTS; attempt++) {
    if (signal?.aborted) return null;
    try {
      await clear();
      return attempt;
    } catch (err) {
      if (!hasStorageCode(err, "OperationTimedOut")) throw err;
    }
  }
  throw new AppError(
    "storage_error",
    `The service timed out ${CLEAR_MAX_ATTEMPTS} times while clearing; part of the queue was cleared. Try again.`,
  );
}

/** Clears a queue (see clearUntilDone), answering the approximate count it held before. */
export async function clearMessages(
  account: AccountConfig,
  queue: string,
  client?: Pick<QueueClient, "clearMessages" | "getProperties">,
  signal?: AbortSignal,
) {
  // The count first, under the API's deadline: silent storage answers 503 within seconds. The
  // clear itself gets the job client's longer one: the service may take 30 s before OperationTimedOut.
  const counter = client ?? queueClient(account, queue);
  const clearer = client ?? getServiceClient(account, "job").getQueueClient(queue);
  const before = (await storageCall(() => counter.getProperties())).approximateMessagesCount ?? 0;
  const attempts = await clearUntilDone(() => clearer.clearMessages(), signal).catch((err: unknown) => {
    throw toAppError(err);
  });
  return { cleared: attempts !== null, approximateBefore: before, attempts: attempts ?? 0 };
}
