// What "poison queue" means everywhere (table, queue page, overview, alerts): no server import, so the browser shares it.

/** `<queue>-poison` (Azure Functions and WebJobs), `<queue>-dlq`, `<queue>-deadletter`, or one of those words alone. */
const POISON = /^(?:(.+)-)?(?:poison|dlq|deadletter)$/;

export function isPoisonQueue(name: string): boolean {
  return POISON.test(name);
}

/** The queue a poison queue belongs to, by its name: `orders` for `orders-poison` or `orders-dlq`. */
export function parentOf(name: string): string | null {
  return POISON.exec(name)?.[1] ?? null;
}
