import "server-only";
import { toAppError } from "@/lib/azure/errors";

/**
 * Streams newline-delimited JSON written by `produce`; a failure after the first byte becomes a
 * final {"type":"error"} line, since the status line has already gone out. A reader that goes
 * away (a closed tab) aborts `signal`; writes after that are dropped, not thrown from whatever
 * timer or callback made them.
 */
export function ndjsonResponse(
  produce: (write: (event: object) => void, signal: AbortSignal) => Promise<void>,
): Response {
  const encoder = new TextEncoder();
  const gone = new AbortController();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (event: object) => {
        if (!gone.signal.aborted) controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      };
      try {
        await produce(write, gone.signal);
      } catch (err) {
        const { code, message } = toAppError(err);
        write({ type: "error", error: { code, message } });
      }
      if (!gone.signal.aborted) controller.close();
    },
    cancel() {
      gone.abort();
    },
  });
  return new Response(body, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" },
  });
}
