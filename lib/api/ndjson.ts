import "server-only";
import { toAppError } from "@/lib/azure/errors";

/**
 * Streams newline-delimited JSON written by `produce`; a failure after the first byte becomes a
 * final {"type":"error"} line, since the status line has already gone out.
 */
export function ndjsonResponse(produce: (write: (event: object) => void) => Promise<void>): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async start(controller) {
      const write = (event: object) => controller.enqueue(encoder.encode(`${JSON.stringify(event)}\n`));
      try {
        await produce(write);
      } catch (err) {
        const { code, message } = toAppError(err);
        write({ type: "error", error: { code, message } });
      }
      controller.close();
    },
  });
  return new Response(body, {
    headers: { "content-type": "application/x-ndjson; charset=utf-8", "cache-control": "no-store" },
  });
}
