import "server-only";
import { AppError, type ErrorCode } from "@/lib/api/error-codes";

// Storage error codes (x-ms-error-code) that have a code of their own in our envelope.
const BY_STORAGE_CODE: Record<string, { code: ErrorCode; message: string }> = {
  QueueNotFound: { code: "queue_not_found", message: "The queue does not exist." },
  QueueAlreadyExists: { code: "queue_already_exists", message: "A queue with this name already exists." },
  QueueBeingDeleted: {
    code: "queue_being_deleted",
    message:
      "A queue with this name was deleted moments ago and is still being removed. Wait about 40 seconds, then try again.",
  },
  MessageNotFound: {
    code: "message_not_found",
    message: "The message does not exist (it was deleted, or its pop receipt is stale).",
  },
  PopReceiptMismatch: {
    code: "pop_receipt_mismatch",
    message:
      "The pop receipt is no longer valid (the message was received or updated again). Receive the message again.",
  },
  MessageTooLarge: { code: "message_too_large", message: "The message is larger than the 64 KiB the service accepts." },
  RequestBodyTooLarge: {
    code: "message_too_large",
    message: "The message is larger than the 64 KiB the service accepts.",
  },
  AuthenticationFailed: { code: "storage_auth_failed", message: "The storage account rejected the credentials." },
  AuthorizationFailure: {
    code: "storage_auth_failed",
    message: "The credentials are not allowed to perform this operation.",
  },
  AuthorizationPermissionMismatch: {
    code: "storage_auth_failed",
    message: "The credentials lack the permission for this operation.",
  },
  InvalidAuthenticationInfo: { code: "storage_auth_failed", message: "The storage account rejected the credentials." },
};

const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
  "REQUEST_SEND_ERROR",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_SOCKET",
]);

interface StorageLikeError {
  name?: string;
  statusCode?: number;
  code?: string;
  message?: string;
  details?: { errorCode?: string };
}

/** Removes anything that could be a credential from text that may reach a log. */
export function redact(text: string): string {
  return text
    .replace(/(sig|se|sv|sp|st|spr|srt|ss|skoid|sktid)=[^&\s"']*/gi, "$1=REDACTED")
    .replace(/(AccountKey|SharedAccessSignature)=[^;\s"']*/gi, "$1=REDACTED")
    .replace(/(Authorization:\s*)(SharedKey|Bearer)\s+\S+/gi, "$1$2 REDACTED");
}

/** Maps an error thrown by the Azure SDK (or the network under it) to an envelope error. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = (err ?? {}) as StorageLikeError;
  const storageCode = e.details?.errorCode ?? e.code;
  const known = storageCode ? BY_STORAGE_CODE[storageCode] : undefined;
  if (known) return new AppError(known.code, known.message, { storageCode });

  if (e.statusCode === undefined) {
    if (
      e.name === "AbortError" ||
      NETWORK_CODES.has(e.code ?? "") ||
      /timed? ?out|ECONN|socket/i.test(e.message ?? "")
    ) {
      return new AppError(
        "storage_unreachable",
        "The storage service did not answer. Check that it is running and reachable.",
        {
          cause: e.code ?? e.name,
        },
      );
    }
    return new AppError("internal", "Unexpected error.");
  }
  if (e.statusCode === 401 || e.statusCode === 403) {
    return new AppError("storage_auth_failed", "The storage account rejected the credentials.", {
      storageCode,
      status: e.statusCode,
    });
  }
  if (e.statusCode === 404) return new AppError("queue_not_found", "The queue does not exist.", { storageCode });
  if (e.statusCode === 413)
    return new AppError("message_too_large", "The request is larger than the service accepts.", { storageCode });
  if (e.statusCode === 400) {
    return new AppError("validation_failed", "The storage service rejected the request as invalid.", { storageCode });
  }
  if (e.statusCode === 503 || e.statusCode === 502 || e.statusCode === 504) {
    return new AppError("storage_unreachable", "The storage service is busy or unavailable. Try again shortly.", {
      storageCode,
      status: e.statusCode,
    });
  }
  return new AppError("storage_error", `The storage service answered ${e.statusCode}.`, {
    storageCode,
    status: e.statusCode,
  });
}

/** True when `err` (raw or mapped) carries the storage error code `code` (x-ms-error-code). */
export function hasStorageCode(err: unknown, code: string): boolean {
  if (err instanceof AppError) return (err.details as { storageCode?: string } | undefined)?.storageCode === code;
  const e = (err ?? {}) as StorageLikeError;
  return (e.details?.errorCode ?? e.code) === code;
}

/** A failure with no answer from the service (refused, reset, silent, aborted): a send may or may not have landed. */
export function isNoAnswer(err: unknown): boolean {
  return (
    toAppError(err).code === "storage_unreachable" &&
    (err instanceof AppError
      ? (err.details as { status?: number } | undefined)?.status === undefined
      : (err as StorageLikeError)?.statusCode === undefined)
  );
}

/** Runs a storage call and rethrows its failure as an AppError. */
export async function storageCall<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toAppError(err);
  }
}
