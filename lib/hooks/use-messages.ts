"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, enc } from "@/lib/api/client";
import { withDecodedText } from "@/lib/messages/decode";
import type { MessageDto, MessageWireDto, ReceivedMessageDto, ReceivedMessageWireDto } from "@/lib/validation/messages";
import { queryKeys } from "./query-keys";

const base = (account: string, queue: string) => `/api/accounts/${enc(account)}/queues/${enc(queue)}/messages`;

export interface SendBody {
  text: string;
  encoding: "text" | "base64";
  visibilityTimeout?: number;
  timeToLive?: number;
  count?: number;
}

/** Everything a message mutation can change: the peek, the queue's count, the list's counts. */
function useInvalidateQueue(account: string, queue: string) {
  const client = useQueryClient();
  return () =>
    Promise.all([
      client.invalidateQueries({ queryKey: queryKeys.queues.messages(account, queue) }),
      client.invalidateQueries({ queryKey: queryKeys.queues.detail(account, queue), exact: true }),
      client.invalidateQueries({ queryKey: ["accounts", account, "queues", "listing"] }),
    ]);
}

/** One receive call: the messages come without their decoded text, which is worked out here. */
export async function receiveMessagesOnce(account: string, queue: string, body: { count: number; visibilityTimeout: number }, signal?: AbortSignal): Promise<ReceivedMessageDto[]> {
  const { messages } = await apiFetch<{ messages: ReceivedMessageWireDto[] }>(`${base(account, queue)}/receive`, { method: "POST", json: body, signal });
  return messages.map(withDecodedText);
}

export function usePeekMessages(account: string, queue: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: queryKeys.queues.messages(account, queue),
    queryFn: async (): Promise<MessageDto[]> => (await apiFetch<{ messages: MessageWireDto[] }>(`${base(account, queue)}?count=32`)).messages.map(withDecodedText),
    retry: false,
  });
}

export function useSendMessage(account: string, queue: string) {
  const invalidate = useInvalidateQueue(account, queue);
  return useMutation({
    mutationFn: (body: SendBody) => apiFetch<{ sent: number; size: number }>(base(account, queue), { method: "POST", json: body }),
    onSettled: invalidate,
  });
}

export function useReceiveMessages(account: string, queue: string) {
  const invalidate = useInvalidateQueue(account, queue);
  return useMutation({
    mutationFn: (body: { count: number; visibilityTimeout: number }) => receiveMessagesOnce(account, queue, body),
    onSettled: invalidate,
  });
}

export function useUpdateMessage(account: string, queue: string) {
  const invalidate = useInvalidateQueue(account, queue);
  return useMutation({
    mutationFn: ({ id, ...body }: { id: string; popReceipt: string; text?: string; encoding: "text" | "base64"; visibilityTimeout: number }) =>
      apiFetch<{ popReceipt: string; nextVisibleOn: string }>(`${base(account, queue)}/${enc(id)}`, { method: "PUT", json: body }),
    onSettled: invalidate,
  });
}

export function useDeleteMessage(account: string, queue: string) {
  const invalidate = useInvalidateQueue(account, queue);
  return useMutation({
    mutationFn: ({ id, popReceipt }: { id: string; popReceipt: string }) =>
      apiFetch<void>(`${base(account, queue)}/${enc(id)}?popReceipt=${enc(popReceipt)}`, { method: "DELETE" }),
    onSettled: invalidate,
  });
}
