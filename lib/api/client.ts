// Browser-side typed fetch client: every failure becomes an ApiError with the envelope's code.
import { isErrorCode, type ErrorCode } from "./error-codes";

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function apiFetch<T>(path: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  let res: Response;
  try {
    res = await fetch(path, {
      ...rest,
      headers: { accept: "application/json", ...(json === undefined ? {} : { "content-type": "application/json" }), ...rest.headers },
      body: json === undefined ? rest.body : JSON.stringify(json),
    });
  } catch {
    throw new ApiError("internal", "Queuescope's server did not answer. Is it still running?", 0);
  }
  if (res.status === 204) return undefined as T;
  const body = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
    const code = isErrorCode(err?.code) ? err.code : "internal";
    const message = typeof err?.message === "string" ? err.message : `Request failed with status ${res.status}.`;
    throw new ApiError(code, message, res.status, err?.details);
  }
  return body as T;
}

export const enc = encodeURIComponent;
