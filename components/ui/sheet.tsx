"use client";
import { useEffect, useRef, type ReactNode } from "react";
import { Button } from "./button";

/**
 * A modal sheet from the bottom of a narrow screen, on the native <dialog>: focus moves into it
 * and is trapped there, Escape closes it. Shown while mounted; `onClose` hears every way out.
 */
export function Sheet({ label, onClose, children }: { label: string; onClose: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-label={label}
      onClose={onClose}
      className="mx-0 mb-0 mt-auto max-h-[92dvh] w-full max-w-none overflow-y-auto overscroll-contain rounded-t-xl border border-border bg-surface p-0 text-fg shadow-2xl backdrop:bg-black/50"
    >
      <div className="sticky top-0 z-10 flex items-center justify-between gap-3 border-b border-border bg-surface px-4 py-2">
        <h2 className="min-w-0 truncate text-sm font-semibold" title={label}>
          {label}
        </h2>
        <Button onClick={() => ref.current?.close()}>Close</Button>
      </div>
      <div className="p-3">{children}</div>
    </dialog>
  );
}
