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

/**
 * A session that ended (expired, revoked, user removed) makes every call answer 401: go to the
 * sign-in page, which brings the user back here. The sign-in calls themselves answer 401 for a
 * wrong password and are left alone.
 */
let signingOut = false;

/** Called before sign-out: the 401s background refreshes get from now on are expected. Returns the undo. */
export function beginSignOut(): () => void {
  signingOut = true;
  return () => {
    signingOut = false;
  };
}

function onSignedOut(path: string, status: number, code: ErrorCode): void {
  if (
    signingOut ||
    status !== 401 ||
    code !== "unauthorized" ||
    path.startsWith("/api/auth/") ||
    typeof window === "undefined"
  )
    return;
  const here = `${window.location.pathname}${window.location.search}`;
  // A full page load on purpose: the whole app must start again from the server as signed out.
  // eslint-disable-next-line @next/next/no-location-assign-relative-destination
  window.location.assign(`/login?error=expired&next=${encodeURIComponent(here)}`);
}

export async function apiFetch<T>(path: string, init?: RequestInit & { json?: unknown }): Promise<T> {
  const { json, ...rest } = init ?? {};
  let res: Response;
  try {
    res = await fetch(path, {
      ...rest,
      headers: {
        accept: "application/json",
        ...(json === undefined ? {} : { "content-type": "application/json" }),
        ...rest.headers,
      },
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
    onSignedOut(path, res.status, code);
    throw new ApiError(code, message, res.status, err?.details);
  }
  return body as T;
}

export const enc = encodeURIComponent;

/** Reads an NDJSON endpoint line by line; an {"type":"error"} line is thrown as an ApiError. */
export async function* apiStream<T extends { type: string }>(path: string, signal?: AbortSignal): AsyncGenerator<T> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { accept: "application/x-ndjson" }, signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError("internal", "Queuescope's server did not answer. Is it still running?", 0);
  }
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: unknown; message?: string } } | null;
    const code = isErrorCode(body?.error?.code) ? body.error.code : "internal";
    onSignedOut(path, res.status, code);
    throw new ApiError(code, body?.error?.message ?? `Request failed with status ${res.status}.`, res.status);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (value) buffer += value;
    let newline: number;
    while ((newline = buffer.indexOf("\n")) >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (!line) continue;
      const event = JSON.parse(line) as T & { error?: { code: ErrorCode; message: string } };
      if (event.type === "error" && event.error) throw new ApiError(event.error.code, event.error.message, 200);
      yield event;
    }
    if (done) return;
  }
}
