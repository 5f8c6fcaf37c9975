"use client";
import { Command } from "cmdk";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { pageUrls } from "@/lib/api/urls";
import { usePaletteQueues } from "@/lib/hooks/use-palette-queues";
import { confirmLeaving, navigateAway } from "@/lib/hooks/use-unsaved-changes";
import type { AccountDto } from "@/lib/validation/accounts";
import { useCommandPalette } from "./commands";

const MAX_QUEUES = 50;
const item =
  "flex cursor-pointer items-center gap-2 rounded-md px-3 py-2 text-sm aria-selected:bg-surface-2 aria-selected:text-fg";
const group =
  "px-1 py-1 text-fg [&_[cmdk-group-heading]]:px-2 [&_[cmdk-group-heading]]:py-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-semibold [&_[cmdk-group-heading]]:text-muted";

/** Names that start with the search first, then those that contain it; at most MAX_QUEUES shown. */
function matchQueues<T extends { name: string }>(queues: T[], search: string): T[] {
  const needle = search.trim().toLowerCase();
  if (!needle) return queues.slice(0, MAX_QUEUES);
  const starts = queues.filter((q) => q.name.startsWith(needle));
  const contains = queues.filter((q) => !q.name.startsWith(needle) && q.name.includes(needle));
  return [...starts, ...contains].slice(0, MAX_QUEUES);
}

/** ⌘K / Ctrl+K: any queue of any account, any page, and the current page's actions. */
export function CommandPalette({
  accounts,
  admin,
  onShortcuts,
}: {
  accounts: AccountDto[];
  admin: boolean;
  onShortcuts: () => void;
}) {
  const { open, setOpen, commands } = useCommandPalette();
  const router = useRouter();
  const [search, setSearch] = useState("");
  const names = useMemo(() => accounts.map((a) => a.id), [accounts]);
  const palette = usePaletteQueues(names, open);
  const accountName = (id: string) => accounts.find((a) => a.id === id)?.name ?? id;
  const needle = search.trim().toLowerCase();
  const pages = [
    ...accounts.flatMap((a) => [
      { label: `Queues · ${a.name}`, href: pageUrls.queues(a.id) },
      { label: `Settings · ${a.name}`, href: pageUrls.settings(a.id) },
    ]),
    { label: "Jobs", href: pageUrls.jobs() },
    ...(admin ? [{ label: "Audit log", href: pageUrls.audit() }] : []),
  ].filter((p) => !needle || p.label.toLowerCase().includes(needle));
  const actions = commands.filter((c) => !needle || c.label.toLowerCase().includes(needle));
  const queues = matchQueues(palette.queues, search);
  const go = (href: string) => {
    if (!confirmLeaving()) return;
    setOpen(false);
    setSearch("");
    navigateAway(router, href);
  };
  const run = (fn: () => void) => {
    setOpen(false);
    setSearch("");
    fn();
  };

  return (
    <Command.Dialog
      open={open}
      onOpenChange={setOpen}
      label="Command palette"
      shouldFilter={false}
      overlayClassName="fixed inset-0 z-50 bg-black/50"
      contentClassName="fixed left-1/2 top-[12vh] z-50 w-[min(40rem,calc(100vw-1.5rem))] -translate-x-1/2 overflow-hidden rounded-lg border border-border bg-surface text-fg shadow-2xl"
    >
      <Command.Input
        value={search}
        onValueChange={setSearch}
        placeholder="Jump to a queue, a page or an action…"
        className="w-full border-b border-border bg-surface px-4 py-3 text-base text-fg outline-none placeholder:text-muted"
      />
      <Command.List className="max-h-[min(60vh,28rem)] overflow-y-auto p-1">
        {palette.loading && !palette.queues.length ? (
          <Command.Loading label="Listing queues">Listing queues…</Command.Loading>
        ) : null}
        <Command.Empty className="px-4 py-6 text-center text-sm text-muted">Nothing matches “{search}”.</Command.Empty>
        {actions.length ? (
          <Command.Group heading="Actions on this page" className={group}>
            {actions.map((c) => (
              <Command.Item key={c.id} value={`action:${c.id}`} onSelect={() => run(c.run)} className={item}>
                {c.label}
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
        {queues.length ? (
          <Command.Group
            heading={needle ? "Queues" : `Queues (first ${queues.length}; type to search all)`}
            className={group}
          >
            {queues.map((q) => (
              <Command.Item
                key={`${q.account}/${q.name}`}
                value={`queue:${q.account}/${q.name}`}
                onSelect={() => go(pageUrls.queue(q.account, q.name))}
                className={item}
              >
                <span className="min-w-0 flex-1 truncate font-mono" title={q.name}>
                  {q.name}
                </span>
                {accounts.length > 1 ? (
                  <span className="shrink-0 text-xs text-muted">{accountName(q.account)}</span>
                ) : null}
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
        {pages.length ? (
          <Command.Group heading="Pages" className={group}>
            {pages.map((p) => (
              <Command.Item key={p.href} value={`page:${p.href}`} onSelect={() => go(p.href)} className={item}>
                {p.label}
              </Command.Item>
            ))}
          </Command.Group>
        ) : null}
        {!needle || "keyboard shortcuts".includes(needle) ? (
          <Command.Group heading="Help" className={group}>
            <Command.Item value="help:shortcuts" onSelect={() => run(onShortcuts)} className={item}>
              Keyboard shortcuts
            </Command.Item>
          </Command.Group>
        ) : null}
        {palette.failed.length ? (
          <p role="alert" className="px-3 py-2 text-xs text-danger">
            Could not list the queues of {palette.failed.map(accountName).join(", ")}.
          </p>
        ) : null}
      </Command.List>
    </Command.Dialog>
  );
}
