"use client";
// Every mutation says what it changed through here: one look, one place to change it.
import Link from "next/link";
import type { ReactNode } from "react";
import { toast } from "sonner";

export interface NotifyOptions {
  /** Where the change can be seen: shown as a link in the toast. */
  href?: string;
  linkLabel?: string;
  description?: string;
  /** Replaces a toast with the same id instead of stacking a new one (a job's progress). */
  id?: string;
  /** A progress bar under the text: a job's percentage (null while its total is unknown). */
  progress?: { percent: number | null; label: string };
  /** A file the change produced (a finished export). */
  download?: { href: string; label: string };
  /** Content that keeps itself up to date (a running job), instead of the parts above. */
  content?: ReactNode;
}

function body(o: NotifyOptions) {
  if (o.content) return o.content;
  if (!o.description && !o.href && !o.progress && !o.download) return undefined;
  return (
    <span className="block">
      {o.progress ? (
        <progress
          max={100}
          value={o.progress.percent ?? undefined}
          aria-label={o.progress.label}
          className="mb-1 block h-1.5 w-full"
        />
      ) : null}
      {o.description}
      {o.href ? (
        <>
          {o.description ? " " : null}
          <Link
            href={o.href}
            className="font-medium text-accent underline"
            onClick={() => (o.id ? toast.dismiss(o.id) : undefined)}
          >
            {o.linkLabel ?? "Open"}
          </Link>
        </>
      ) : null}
      {o.download ? (
        <a href={o.download.href} download className="mt-1 block font-medium text-accent underline">
          {o.download.label}
        </a>
      ) : null}
    </span>
  );
}

export const notify = {
  success: (title: string, o: NotifyOptions = {}) =>
    toast.success(title, { id: o.id, description: body(o), duration: 6_000 }),
  error: (title: string, o: NotifyOptions = {}) =>
    toast.error(title, { id: o.id, description: body(o), duration: 10_000 }),
  warning: (title: string, o: NotifyOptions = {}) =>
    toast.warning(title, { id: o.id, description: body(o), duration: 10_000 }),
  /** A toast that stays until replaced under the same id (or dismissed). */
  progress: (title: string, o: NotifyOptions & { id: string }) =>
    toast.loading(title, { id: o.id, description: body(o), duration: Infinity }),
  dismiss: (id: string) => toast.dismiss(id),
};
