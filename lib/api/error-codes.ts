/** The closed set of error codes in the API envelope, with the HTTP status each maps to. */
export const ERROR_STATUS = {
  validation_failed: 400,
  pop_receipt_mismatch: 400,
  unauthorized: 401,
  forbidden: 403,
  read_only: 403,
  account_not_found: 404,
  queue_not_found: 404,
  message_not_found: 404,
  job_not_found: 404,
  not_found: 404,
  queue_already_exists: 409,
  queue_being_deleted: 409,
  job_conflict: 409,
  properties_changed: 409,
  message_too_large: 413,
  payload_too_large: 413,
  rate_limited: 429,
  storage_auth_failed: 502,
  storage_error: 502,
  server_unavailable: 502,
  not_available: 409,
  storage_unreachable: 503,
  state_unavailable: 503,
  audit_unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** An error that carries its envelope code; safe to show its message to the user. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly details?: unknown;

  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.details = details;
  }

  toEnvelope(): ErrorEnvelope {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_STATUS, value);
}
