"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, enc } from "@/lib/api/client";
import { apiUrls, pageUrls } from "@/lib/api/urls";
import { formatNumber, plural } from "@/lib/format";
import { notify } from "@/lib/notify";
import { byteLength, decodeMessage, textToBase64, withDecodedText } from "@/lib/messages/decode";
import { FIND_PAGE_SIZE, findAndRelease, type FindOutcome } from "@/lib/messages/find-message";
import { mapLimit } from "@/lib/util/map-limit";
import type { MessageDto, MessageWireDto, ReceivedMessageDto, ReceivedMessageWireDto } from "@/lib/validation/messages";
import { queryKeys } from "./query-keys";

const base = apiUrls.messages;

export interface SendBody {
  text: string;
  encoding: "text" | "base64";
  visibilityTimeout?: number;
  timeToLive?: number;
  count?: number;
}

/**
 * Refreshes everything a message action can change (the peek, the queue's count, the list's
 * counts) without waiting for it: a mutation stays pending until
 * its onSettled settles, and the account's listing alone (every queue counted again) can take
 * seconds, so a Save stayed "Saving…" long after the service had answered.
 */
function useInvalidateQueue(account: string, queue: string) {
  const client = useQueryClient();
  return (): void => {
    void client.invalidateQueries({ queryKey: queryKeys.queues.messages(account, queue) });
    void client.invalidateQueries({ queryKey: queryKeys.queues.detail(account, queue), exact: true });
    void client.invalidateQueries({ queryKey: queryKeys.queues.listings(account) });
  };
}

/** One receive call: the messages come without their decoded text, which is worked out here. */
async function receiveMessagesOnce(
  account: string,
  queue: string,
  body: { count: number; visibilityTimeout: number },
  signal?: AbortSignal,
): Promise<ReceivedMessageDto[]> {
  const { messages } = await apiFetch<{ messages: ReceivedMessageWireDto[] }>(`${base(account, queue)}/receive`, {
    method: "POST",
    json: body,
    signal,
  });
  return messages.map(withDecodedText);
}

/**
 * Sees past the first 32 by receiving pages with a short visibility timeout, so the messages come
 * back on their own. It stops before the first page becomes visible again, so none is seen twice.
 */
export function useDeepBrowse(account: string, queue: string) {
  return useMutation({
    mutationFn: async ({
      max,
      visibilityTimeout,
      signal,
      onProgress,
    }: {
      max: number;
      visibilityTimeout: number;
      signal: AbortSignal;
      onProgress: (n: number) => void;
    }) => {
      const seen = new Map<string, ReceivedMessageDto>();
      const started = Date.now();
      let error: Error | null = null;
      try {
        while (seen.size < max && Date.now() - started < visibilityTimeout * 700 && !signal.aborted) {
          const page = await receiveMessagesOnce(
            account,
            queue,
            { count: Math.min(32, max - seen.size), visibilityTimeout },
            signal,
          );
          if (page.length === 0) break;
          for (const m of page) seen.set(m.id, m);
          onProgress(seen.size);
        }
      } catch (err) {
        if (!signal.aborted) error = err as Error;
      }
      // What was received is hidden either way: hand it back even when a page failed.
      return { messages: [...seen.values()], visibleAgainAt: new Date(started + visibilityTimeout * 1000), error };
    },
  });
}

export function usePeekMessages(account: string, queue: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.queues.messages(account, queue),
    queryFn: async (): Promise<MessageDto[]> =>
      (await apiFetch<{ messages: MessageWireDto[] }>(`${base(account, queue)}?count=32`)).messages.map(
        withDecodedText,
      ),
    retry: false,
  });
}

export function useSendMessage(account: string, queue: string) {
  const invalidate = useInvalidateQueue(account, queue);
  return useMutation({
    mutationFn: (body: SendBody) =>
      apiFetch<{ sent: number; size: number }>(base(account, queue), { method: "POST", json: body }),
    onSuccess: (r) =>
      notify.success(`Sent ${plural(r.sent, "message")} of ${formatNumber(r.size)} bytes to ${queue}.`, {
        href: pageUrls.queue(account, queue),
        linkLabel: "Open the queue",
      }),
    onSettled: invalidate,
  });
}

export function useReceiveMessages(account: string, queue: string) {
  const invalidate = useInvalidateQueue(account, queue);
  return useMutation({
    mutationFn: (body: { count: number; visibilityTimeout: number }) => receiveMessagesOnce(account, queue, body),
    onSuccess: (ms, body) =>
      notify.success(`Received ${plural(ms.length, "message")} from ${queue}`, {
        description: `Hidden from consumers for ${body.visibilityTimeout} s.`,
      }),
    onSettled: invalidate,
  });
}

export function useUpdateMessage(account: string, queue: string) {
  const invalidate = useInvalidateQueue(account, queue);
  return useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: string;
      popReceipt: string;
      text?: string;
      encoding?: "text" | "base64";
      visibilityTimeout: number;
    }) =>
      apiFetch<{ popReceipt: string; nextVisibleOn: string }>(apiUrls.message(account, queue, id), {
        method: "PUT",
        json: body,
      }),
    onSuccess: (_r, v) => notify.success(`Updated message ${v.id.slice(0, 8)}… in ${queue}`),
    onSettled: invalidate,
  });
}

export function useDeleteMessage(account: string, queue: string) {
  const invalidate = useInvalidateQueue(account, queue);
  return useMutation({
    mutationFn: ({ id, popReceipt }: { id: string; popReceipt: string }) =>
      apiFetch<void>(`${apiUrls.message(account, queue, id)}?popReceipt=${encodeURIComponent(popReceipt)}`, {
        method: "DELETE",
      }),
    onSuccess: (_r, v) => notify.success(`Deleted message ${v.id.slice(0, 8)}… from ${queue}`),
    onSettled: invalidate,
  });
}

/** A received message after a successful update: its new receipt, and the new content if any. */
export function afterUpdate(
  m: ReceivedMessageDto,
  r: { popReceipt: string; nextVisibleOn: string },
  text?: string,
  encoding: "text" | "base64" = "text",
): ReceivedMessageDto {
  if (text === undefined) return { ...m, popReceipt: r.popReceipt, nextVisibleOn: r.nextVisibleOn };
  const stored = encoding === "base64" ? textToBase64(text) : text;
  return {
    ...m,
    popReceipt: r.popReceipt,
    nextVisibleOn: r.nextVisibleOn,
    text: stored,
    size: byteLength(stored),
    decoded: decodeMessage(stored),
  };
}

export interface BulkOutcome {
  done: string[];
  failed: { id: string; message: string }[];
}

const put = (account: string, queue: string, m: { id: string; popReceipt: string }, visibilityTimeout: number) =>
  apiFetch<{ popReceipt: string; nextVisibleOn: string }>(`${base(account, queue)}/${enc(m.id)}`, {
    method: "PUT",
    json: { popReceipt: m.popReceipt, visibilityTimeout },
  });

/**
 * Deletes the messages, or returns them to the queue (visibility 0), each with its pop receipt.
 * One failure (a receipt that expired and was taken by a consumer) does not stop the others.
 */
export function useBulkMessages(account: string, queue: string) {
  const invalidate = useInvalidateQueue(account, queue);
  return useMutation({
    mutationFn: async ({
      action,
      messages,
    }: {
      action: "delete" | "release";
      messages: { id: string; popReceipt: string }[];
    }): Promise<BulkOutcome> => {
      const outcome: BulkOutcome = { done: [], failed: [] };
      await mapLimit(messages, 8, async (m) => {
        try {
          if (action === "delete")
            await apiFetch<void>(`${base(account, queue)}/${enc(m.id)}?popReceipt=${enc(m.popReceipt)}`, {
              method: "DELETE",
            });
          else await put(account, queue, m, 0);
          outcome.done.push(m.id);
        } catch (err) {
          outcome.failed.push({ id: m.id, message: (err as Error).message });
        }
      });
      return outcome;
    },
    onSettled: invalidate,
  });
}

export const FIND_VISIBILITY_SECONDS = 30;

/**
 * Finds a peeked message so it can be acted on: receives pages with a short visibility until its
 * id appears, returning every other message to the queue at once. Each message received on the
 * way has its dequeue count raised by one.
 */
export function useFindMessage(account: string, queue: string) {
  const invalidate = useInvalidateQueue(account, queue);
  return useMutation({
    mutationFn: (id: string): Promise<FindOutcome<ReceivedMessageDto>> =>
      findAndRelease(
        id,
        () =>
          receiveMessagesOnce(account, queue, { count: FIND_PAGE_SIZE, visibilityTimeout: FIND_VISIBILITY_SECONDS }),
        (m) => put(account, queue, m, 0),
      ),
    onSettled: invalidate,
  });
}
