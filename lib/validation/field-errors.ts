// Zod issues are read one way everywhere a form shows them: z.flattenError's first message per
// top-level field. Nested paths (a CORS rule, a policy row) use issueAt.
import { z } from "./zod";

export function fieldErrors<T>(error: z.ZodError<T> | undefined): (field: string) => string | undefined {
  const flat = error ? (z.flattenError(error).fieldErrors as Record<string, string[] | undefined>) : {};
  return (field) => flat[field]?.[0];
}

/** The first message whose path starts with the given one. */
export function issueAt(error: z.ZodError | undefined, ...path: (string | number)[]): string | undefined {
  return error?.issues.find((i) => path.every((p, k) => i.path[k] === p))?.message;
}
