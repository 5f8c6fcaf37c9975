import { RestError } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/api/error-codes";
import { errorResponse } from "@/lib/api/respond";
import { redact, toAppError } from "@/lib/azure/errors";

const restError = (statusCode: number | undefined, code?: string) => new RestError("boom", { statusCode, code });

describe("toAppError", () => {
  it.each([
    [404, "QueueNotFound", "queue_not_found", 404],
    [409, "QueueAlreadyExists", "queue_already_exists", 409],
    [409, "QueueBeingDeleted", "queue_being_deleted", 409],
    [404, "MessageNotFound", "message_not_found", 404],
    [400, "PopReceiptMismatch", "pop_receipt_mismatch", 400],
    [413, "RequestBodyTooLarge", "message_too_large", 413],
    [403, "AuthenticationFailed", "storage_auth_failed", 502],
    [403, "AuthorizationPermissionMismatch", "storage_auth_failed", 502],
    [403, undefined, "storage_auth_failed", 502],
    [400, "InvalidQueryParameterValue", "validation_failed", 400],
    [503, "ServerBusy", "storage_unreachable", 503],
    [500, "InternalError", "storage_error", 502],
  ])("status %s code %s → %s (%s)", (status, storageCode, code, httpStatus) => {
    const mapped = toAppError(restError(status, storageCode));
    expect(mapped.code).toBe(code);
    expect(mapped.status).toBe(httpStatus);
  });

  it("reads the storage code from details.errorCode when code is generic", () => {
    const err = Object.assign(restError(409), { details: { errorCode: "QueueBeingDeleted" } });
    const mapped = toAppError(err);
    expect(mapped.code).toBe("queue_being_deleted");
    expect(mapped.message).toMatch(/wait/i);
  });

  it.each(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "REQUEST_SEND_ERROR"])(
    "network failure %s → storage_unreachable",
    (code) => {
      expect(toAppError(restError(undefined, code)).code).toBe("storage_unreachable");
    },
  );

  it("treats an abort (timeout) as unreachable", () => {
    expect(toAppError(Object.assign(new Error("The operation was aborted."), { name: "AbortError" })).code).toBe(
      "storage_unreachable",
    );
  });

  it("passes AppErrors through and hides unknown errors", () => {
    const app = new AppError("read_only", "nope");
    expect(toAppError(app)).toBe(app);
    const unknown = toAppError(new TypeError("x is undefined"));
    expect(unknown.code).toBe("internal");
    expect(unknown.message).not.toContain("undefined");
  });
});

describe("errorResponse", () => {
  it("writes the single envelope with the mapped status", async () => {
    const res = errorResponse(restError(404, "QueueNotFound"));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: {
        code: "queue_not_found",
        message: "The queue does not exist.",
        details: { storageCode: "QueueNotFound" },
      },
    });
  });

  it("answers 500 internal for a bug, with nothing of the bug's text", async () => {
    const original = console.error;
    console.error = () => {};
    try {
      const res = errorResponse(new Error("secret AccountKey=abc"));
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(text).toContain('"internal"');
      expect(text).not.toContain("AccountKey");
    } finally {
      console.error = original;
    }
  });
});

describe("redact", () => {
  it("removes signatures, keys and authorization headers", () => {
    const text = redact(
      "GET https://a.queue.core.windows.net/q?sv=2024&sig=abc%2Bdef&se=2030 AccountKey=Zm9v;x Authorization: SharedKey a:b",
    );
    expect(text).not.toMatch(/abc%2Bdef|Zm9v|a:b/);
    expect(text).toContain("sig=REDACTED");
  });
});
