import { z } from "./zod";
import type { Decoded } from "@/lib/messages/decode";
import { queryFlag } from "./common";
import { checkStorableText } from "./message-text";

export const MAX_VISIBILITY_SECONDS = 7 * 24 * 3600;
export const MAX_SEND_COPIES = 1000;

const seconds = (label: string, min: number, max: number) =>
  z
    .number({ error: `${label} must be a whole number of seconds.` })
    .int(`${label} must be a whole number of seconds.`)
    .min(min, `${label} is at least ${min} s.`)
    .max(max, `${label} is at most ${max} s (7 days).`);

export const peekQuerySchema = z.strictObject({
  count: z.coerce
    .number()
    .int()
    .min(1, "count is 1 to 32.")
    .max(32, "The service peeks at most 32 messages.")
    .default(32),
});

export const clearQuerySchema = z.strictObject({ job: queryFlag });

export const sendMessageSchema = z
  .strictObject({
    text: z.string(),
    encoding: z.enum(["text", "base64"]).default("text"),
    visibilityTimeout: seconds("The visibility delay", 0, MAX_VISIBILITY_SECONDS).optional(),
    /** Seconds; -1 means the message never expires. */
    timeToLive: z
      .number()
      .int("The time-to-live must be a whole number of seconds.")
      .refine((n) => n === -1 || n >= 1, "The time-to-live is -1 (never expires) or at least 1 s.")
      .optional(),
    count: z.number().int().min(1).max(MAX_SEND_COPIES, `Send at most ${MAX_SEND_COPIES} copies at once.`).default(1),
  })
  .refine(
    (m) =>
      m.visibilityTimeout === undefined ||
      m.timeToLive === undefined ||
      m.timeToLive === -1 ||
      m.visibilityTimeout < m.timeToLive,
    {
      message: "The visibility delay must be shorter than the time-to-live.",
      path: ["visibilityTimeout"],
    },
  )
  // Base64 stores only A-Z, a-z, 0-9, + / =: any text can go that way.
  .superRefine((m, ctx) => {
    if (m.encoding === "text") checkStorableText(m.text, ctx, ["text"]);
  });
export type SendMessageRequest = z.infer<typeof sendMessageSchema>;

export const receiveSchema = z.strictObject({
  count: z
    .number()
    .int()
    .min(1, "Receive 1 to 32 messages.")
    .max(32, "The service returns at most 32 messages at once."),
  visibilityTimeout: seconds("The visibility timeout", 1, MAX_VISIBILITY_SECONDS),
});

export const messageIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9-]+$/, "Not a message id.");
const popReceiptSchema = z
  .string()
  .min(1, "A pop receipt is required.")
  .max(1024)
  .regex(/^[A-Za-z0-9+/=_-]+$/, "Not a pop receipt.");

export const updateMessageSchema = z
  .strictObject({
    popReceipt: popReceiptSchema,
    text: z.string().optional(),
    encoding: z.enum(["text", "base64"]).default("text"),
    visibilityTimeout: seconds("The visibility timeout", 0, MAX_VISIBILITY_SECONDS),
  })
  .superRefine((m, ctx) => {
    if (m.encoding === "text" && m.text !== undefined) checkStorableText(m.text, ctx, ["text"]);
  });
export const deleteMessageQuerySchema = z.strictObject({ popReceipt: popReceiptSchema });

/**
 * How the server read a message, without the decoded text: that would be the message's bytes a
 * second time (a 32-message peek of 60 KB messages doubled to 3.85 MB). The browser decodes `text`
 * with the same decoder (see withDecodedText).
 */
export type DecodedSummary = Omit<Decoded, "text">;

/** A peeked message as the API sends it: its bytes once, in `text`. */
export interface MessageWireDto {
  id: string;
  insertedOn: string;
  expiresOn: string;
  dequeueCount: number;
  /** The message text exactly as stored. */
  text: string;
  /** Bytes of the stored text (the service's 64 KiB limit applies to this). */
  size: number;
  decoded: DecodedSummary;
}

export interface ReceivedMessageWireDto extends MessageWireDto {
  popReceipt: string;
  nextVisibleOn: string;
}

/** A message as the browser holds it: the wire form with the decoded text worked out again locally. */
export interface MessageDto extends Omit<MessageWireDto, "decoded"> {
  decoded: Decoded;
}

export interface ReceivedMessageDto extends MessageDto {
  popReceipt: string;
  nextVisibleOn: string;
}
