"use client";
import { usePathname } from "next/navigation";
import { useId, useState, type ReactNode } from "react";

/** On a phone the header's controls fold behind one Menu button; from md up they are all shown. */
export function HeaderMenu({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  // Open on the page it was opened on: following a link from the menu closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (on: boolean) => setOpenOn(on ? pathname : null);
  const id = useId();
  return (
    <>
      <button
        type="button"
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
        className="ml-auto rounded-md border border-border px-2.5 py-1.5 text-sm hover:bg-surface-2 md:hidden"
      >
        Menu
      </button>
      <div
        id={id}
        className={`${open ? "flex" : "hidden"} w-full flex-col items-start gap-3 md:flex md:w-auto md:flex-1 md:flex-row md:items-center md:gap-4`}
      >
        {children}
      </div>
    </>
  );
}

/** Skip links: to the content, and on the queue table straight to its first queue. */
export function SkipLinks() {
  const onQueueTable = /^\/accounts\/[^/]+\/queues\/?$/.test(usePathname());
  const cls =
    "sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-surface focus:p-2";
  return (
    <>
      <a href="#main" className={cls}>
        Skip to content
      </a>
      {onQueueTable ? (
        <a href="#first-queue" className={cls}>
          Skip to the first queue
        </a>
      ) : null}
    </>
  );
}
