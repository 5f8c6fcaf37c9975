import "server-only";
import { ZodError } from "@/lib/validation/zod";
import { AppError } from "./error-codes";
import { redact, toAppError } from "@/lib/azure/errors";

export function validationError(error: ZodError, where: string): AppError {
  const issues = error.issues.map((i) => ({ path: [where, ...i.path].join("."), message: i.message }));
  const first = issues[0];
  return new AppError("validation_failed", first ? `${first.path}: ${first.message}` : "Invalid request.", { issues });
}

/** The single place an exception becomes an HTTP response. */
export function errorResponse(err: unknown): Response {
  const appError = err instanceof ZodError ? validationError(err, "body") : toAppError(err);
  if (appError.code === "internal") {
    const text = err instanceof Error ? `${err.name}: ${err.message}\n${err.stack ?? ""}` : String(err);
    console.error(`[queuescope] unexpected error: ${redact(text)}`);
  }
  // A refusal that names when to come back says it in the standard header too.
  const retryAfter = (appError.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  const headers = typeof retryAfter === "number" ? { "retry-after": String(retryAfter) } : undefined;
  return Response.json(appError.toEnvelope(), { status: appError.status, headers });
}
