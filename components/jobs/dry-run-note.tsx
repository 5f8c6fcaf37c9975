/** What a dry run (or any scan) does to the messages it looks at, said before it starts. */
export function DryRunNote() {
  return (
    <div role="note" className="rounded-md border border-warn bg-warn-bg p-3 text-sm">
      To count, the dry run <strong>receives every message once</strong> and releases it at once: nothing is deleted or
      moved, but each message&apos;s <strong>dequeue count rises by one</strong> (which can push it past an Azure
      Functions <code>maxDequeueCount</code>), and consumers cannot see a message while it is being looked at.
    </div>
  );
}
