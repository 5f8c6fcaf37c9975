import "server-only";
import type { QueueClient, QueueServiceClient } from "@azure/storage-queue";
import type { AccountConfig } from "@/lib/config/accounts";
import { getServiceClient } from "./clients";
import { storageCall } from "./errors";

/**
 * The storage calls background jobs make, each under the job client's deadline and the job's own
 * abort signal (a cancel ends a call that hangs). Answers are plain records, never SDK objects.
 */
export interface HeldMessage {
  id: string;
  popReceipt: string;
  text: string;
  insertedOn: string;
  expiresOn: string;
  nextVisibleOn: string;
  dequeueCount: number;
}

/** Azure's way of saying "never expires" (a message sent with a time-to-live of -1). */
const NEVER_YEAR = 9999;

// A job makes thousands of calls to the same few queues: building a QueueClient (its generated
// client and pipeline options) for each call cost more CPU than the call's own request.
const queueClients = new WeakMap<QueueServiceClient, Map<string, QueueClient>>();

function queue(account: AccountConfig, name: string, purpose: "job" | "jobSend" = "job"): QueueClient {
  const service = getServiceClient(account, purpose);
  let byName = queueClients.get(service);
  if (!byName) queueClients.set(service, (byName = new Map()));
  let client = byName.get(name);
  if (!client) {
    if (byName.size >= 256) byName.clear();
    byName.set(name, (client = service.getQueueClient(name)));
  }
  return client;
}

/** Receives up to `count` (at most 32) messages, hidden for `visibilityTimeout` seconds. */
export async function receiveBatch(
  account: AccountConfig,
  name: string,
  count: number,
  visibilityTimeout: number,
  signal?: AbortSignal,
): Promise<HeldMessage[]> {
  const res = await storageCall(() =>
    queue(account, name).receiveMessages({ numberOfMessages: count, visibilityTimeout, abortSignal: signal }),
  );
  return res.receivedMessageItems.map((m) => ({
    id: m.messageId,
    popReceipt: m.popReceipt,
    text: m.messageText,
    insertedOn: m.insertedOn.toISOString(),
    expiresOn: m.expiresOn.toISOString(),
    nextVisibleOn: m.nextVisibleOn.toISOString(),
    dequeueCount: m.dequeueCount,
  }));
}

/**
 * The time-to-live a copy must be sent with so that it expires when the original would have:
 * never-expiring stays -1; otherwise the whole seconds left (at least 1).
 */
export function remainingTimeToLive(expiresOn: string, now = Date.now()): number {
  const at = new Date(expiresOn);
  if (at.getUTCFullYear() >= NEVER_YEAR) return -1;
  return Math.max(1, Math.floor((at.getTime() - now) / 1000));
}

export interface SendOptions {
  timeToLive?: number;
  visibilityTimeout?: number;
  signal?: AbortSignal;
}

/**
 * Sends one message's text exactly as given (already encoded for storage). One try: the caller
 * retries (withRetry), knowing that a retry after no answer may leave a second copy.
 */
export async function sendText(
  account: AccountConfig,
  name: string,
  text: string,
  opts: SendOptions = {},
): Promise<void> {
  await storageCall(() =>
    queue(account, name, "jobSend").sendMessage(text, {
      messageTimeToLive: opts.timeToLive,
      visibilityTimeout: opts.visibilityTimeout,
      abortSignal: opts.signal,
    }),
  );
}

/** Deletes a received message; the pop receipt proves this receive still holds it. */
export async function deleteHeld(
  account: AccountConfig,
  name: string,
  id: string,
  popReceipt: string,
  signal?: AbortSignal,
): Promise<void> {
  await storageCall(() => queue(account, name).deleteMessage(id, popReceipt, { abortSignal: signal }));
}

/** Changes how long a held message stays hidden (0: visible again now); returns the new receipt. */
export async function setVisibility(
  account: AccountConfig,
  name: string,
  id: string,
  popReceipt: string,
  seconds: number,
  signal?: AbortSignal,
): Promise<string> {
  const res = await storageCall(() =>
    queue(account, name).updateMessage(id, popReceipt, undefined, seconds, { abortSignal: signal }),
  );
  return res.popReceipt!;
}

/** The queue's approximate message count (hidden messages included). */
export async function approximateCount(account: AccountConfig, name: string, signal?: AbortSignal): Promise<number> {
  return (
    (await storageCall(() => queue(account, name).getProperties({ abortSignal: signal }))).approximateMessagesCount ?? 0
  );
}

/** Up to 32 messages without changing them, for "is anything still visible?" checks. */
export async function peekCount(account: AccountConfig, name: string, signal?: AbortSignal): Promise<number> {
  return (await storageCall(() => queue(account, name).peekMessages({ numberOfMessages: 32, abortSignal: signal })))
    .peekedMessageItems.length;
}

/** Clears the queue once (the service may time out part-way on a large queue: the caller repeats). */
export async function clearOnce(account: AccountConfig, name: string, signal?: AbortSignal): Promise<void> {
  await storageCall(() => queue(account, name).clearMessages({ abortSignal: signal }));
}
