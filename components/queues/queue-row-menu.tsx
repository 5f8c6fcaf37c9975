"use client";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useState } from "react";
import { ClearQueueDialog } from "@/components/messages/clear-queue-dialog";
import { Dialog } from "@/components/ui/dialog";
import { pageUrls } from "@/lib/api/urls";
import { notify } from "@/lib/notify";
import type { QueueRow } from "@/lib/queues/table";

// The redrive dialog checks its filter with zod, which the table needs nowhere else: it loads when
// it first opens, not with the table (as the create dialog does).
const RedriveDialog = dynamic(() => import("@/components/jobs/redrive-dialog").then((m) => m.RedriveDialog), {
  ssr: false,
});

const item = "block w-full rounded-md px-3 py-2 text-left text-sm hover:bg-surface-2 focus-visible:bg-surface-2";

export interface RowActionAccess {
  /** Clear and redrive (operators, on a writable account). */
  operate: boolean;
}

async function copy(what: string, text: string) {
  try {
    await navigator.clipboard.writeText(text);
    notify.success(`Copied ${what}`, { description: text });
  } catch {
    notify.error(`Could not copy ${what}`, {
      description: "The browser refused clipboard access; select and copy it by hand.",
    });
  }
}

type Open = "menu" | "redrive" | "clear" | null;

/** A row's actions, in a modal list: the native dialog sits above the table's scroll box, never clipped by it. */
export function QueueRowMenu({ account, row, access }: { account: string; row: QueueRow; access: RowActionAccess }) {
  const [open, setOpen] = useState<Open>(null);
  const queue = row.name;
  const href = pageUrls.queue(account, queue);
  const close = () => setOpen(null);
  // A dialog closed to open the next one reports its close late: only the one still open may reset.
  const closed = (which: Open) => () => setOpen((now) => (now === which ? null : now));
  const count = row.approximateMessagesCount ?? 0;
  const act = (what: () => void) => () => {
    close();
    what();
  };
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen("menu")}
        aria-label={`Actions for ${queue}`}
        aria-haspopup="dialog"
        className="shrink-0 rounded px-1.5 text-muted hover:bg-surface-2 hover:text-fg"
      >
        <span aria-hidden="true">⋯</span>
      </button>
      <Dialog open={open === "menu"} onClose={closed("menu")} title={`Queue “${queue}”`}>
        <nav aria-label={`Actions for ${queue}`} className="-mx-2 space-y-0.5">
          <Link href={href} className={item} onClick={close}>
            Open
          </Link>
          <Link href={`${href}?tab=messages`} className={item} onClick={close}>
            Peek messages
          </Link>
          <Link href={`${href}?tab=properties`} className={item} onClick={close}>
            Properties, access policies and SAS
          </Link>
          {row.parent && access.operate ? (
            <button type="button" className={item} onClick={() => setOpen("redrive")}>
              Redrive to {row.parent}…
            </button>
          ) : null}
          {access.operate ? (
            <button type="button" className={`${item} text-danger`} onClick={() => setOpen("clear")}>
              Clear messages…
            </button>
          ) : null}
          <button type="button" className={item} onClick={act(() => void copy("the queue name", queue))}>
            Copy name
          </button>
          <button
            type="button"
            className={item}
            onClick={act(() => void copy("the link", new URL(href, window.location.origin).toString()))}
          >
            Copy link to this queue
          </button>
        </nav>
        <div className="mt-4 flex justify-end">
          <button
            type="button"
            onClick={close}
            className="rounded-md border border-border px-3 py-1.5 text-sm hover:bg-surface-2"
          >
            Close
          </button>
        </div>
      </Dialog>
      {row.parent && open === "redrive" ? (
        <RedriveDialog
          account={account}
          source={queue}
          target={row.parent}
          count={count}
          open
          onClose={closed("redrive")}
        />
      ) : null}
      <ClearQueueDialog
        account={account}
        detail={{ name: queue, metadata: row.metadata, approximateMessagesCount: count }}
        open={open === "clear"}
        onClose={closed("clear")}
      />
    </>
  );
}
