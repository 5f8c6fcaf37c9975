"use client";
import Link from "next/link";
import { useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import { pageUrls } from "@/lib/api/urls";
import { notify } from "@/lib/notify";

const item = "block w-full rounded-md px-3 py-2 text-left text-sm hover:bg-surface-2 focus-visible:bg-surface-2";

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

/** A row's actions, in a modal list: the native dialog sits above the table's scroll box, never clipped by it. */
export function QueueRowMenu({ account, queue, parent }: { account: string; queue: string; parent: string | null }) {
  const [open, setOpen] = useState(false);
  const href = pageUrls.queue(account, queue);
  const close = () => setOpen(false);
  return (
    <>
      <button
        type="button"
        onClick={() => setOpen(true)}
        aria-label={`Actions for ${queue}`}
        aria-haspopup="dialog"
        className="shrink-0 rounded px-1.5 text-muted hover:bg-surface-2 hover:text-fg"
      >
        <span aria-hidden="true">⋯</span>
      </button>
      <Dialog open={open} onClose={close} title={`Queue “${queue}”`}>
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
          {parent ? (
            <Link href={href} className={item} onClick={close}>
              Redrive to {parent}…
            </Link>
          ) : null}
          <button
            type="button"
            className={item}
            onClick={() => {
              close();
              void copy("the queue name", queue);
            }}
          >
            Copy name
          </button>
          <button
            type="button"
            className={item}
            onClick={() => {
              close();
              void copy("the link", new URL(href, window.location.origin).toString());
            }}
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
    </>
  );
}
