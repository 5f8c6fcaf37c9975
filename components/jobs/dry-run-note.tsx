import { formatSeconds } from "@/lib/format";
import { scanVisibility } from "@/lib/validation/scan-visibility";

/**
 * What a dry run (or any scan) does to the messages it looks at, said before it starts. Given the
 * queue's approximate count, it names how long messages may stay hidden (the scan's visibility).
 */
export function DryRunNote({ count }: { count?: number }) {
  const limit =
    count === undefined
      ? "at most the scan's visibility: 1 s per 50 messages plus a minute, from 1 minute to 2 hours"
      : `at most ${formatSeconds(scanVisibility(count))}`;
  return (
    <div role="note" className="rounded-md border border-warn bg-warn-bg p-3 text-sm">
      To count, the dry run <strong>receives every message once</strong> and keeps each one hidden until it has seen the
      whole queue ({limit}), then makes them all visible again at once: released one by one, they would come back and be
      received again. Nothing is deleted or moved, but each message&apos;s <strong>dequeue count rises by one</strong>{" "}
      (which can push it past an Azure Functions <code>maxDequeueCount</code>), and consumers cannot see the messages
      until the pass ends.
    </div>
  );
}
