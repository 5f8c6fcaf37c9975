"use client";
import { useEffect, useState } from "react";
import { Dialog } from "@/components/ui/dialog";
import type { AccountDto } from "@/lib/validation/accounts";
import { CommandPalette } from "./command-palette";
import { useCommandPalette } from "./commands";

const SHORTCUTS = [
  { keys: ["Ctrl", "K"], also: "⌘K on a Mac", what: "Open the command palette: jump to any queue, page or action" },
  { keys: ["/"], what: "Focus this page's filter or search box" },
  { keys: ["?"], what: "Show these shortcuts" },
  { keys: ["Esc"], what: "Close a dialog or the palette" },
];

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

/** The page's filter: the element a page marks with data-page-filter. */
export function focusPageFilter(): boolean {
  const filter = document.querySelector<HTMLElement>("[data-page-filter]");
  filter?.focus();
  return !!filter;
}

/** ⌘K / Ctrl+K, `/` and `?`, the palette they open, and the list of shortcuts. */
export function Shortcuts({ accounts, admin }: { accounts: AccountDto[]; admin: boolean }) {
  const { open, setOpen } = useCommandPalette();
  const [help, setHelp] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen(!open);
      } else if (e.metaKey || e.ctrlKey || e.altKey || typing(e.target) || document.querySelector("dialog[open]")) {
        return;
      } else if (e.key === "?") {
        e.preventDefault();
        setHelp(true);
      } else if (e.key === "/" && focusPageFilter()) {
        e.preventDefault();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, setOpen]);

  return (
    <>
      <CommandPalette accounts={accounts} admin={admin} onShortcuts={() => setHelp(true)} />
      <Dialog open={help} onClose={() => setHelp(false)} title="Keyboard shortcuts">
        <dl className="space-y-2 text-sm">
          {SHORTCUTS.map((s) => (
            <div key={s.what} className="flex items-baseline gap-3">
              <dt className="w-28 shrink-0">
                {s.keys.map((k) => (
                  <kbd
                    key={k}
                    className="mr-1 rounded border border-border bg-surface-2 px-1.5 py-0.5 font-mono text-xs"
                  >
                    {k}
                  </kbd>
                ))}
              </dt>
              <dd>
                {s.what}
                {s.also ? <span className="text-muted"> ({s.also})</span> : null}
              </dd>
            </div>
          ))}
        </dl>
        <div className="mt-4 flex justify-end">
          <button
            type="button"
            onClick={() => setHelp(false)}
            className="rounded-md border border-border px-3 py-1.5 text-sm hover:bg-surface-2"
          >
            Close
          </button>
        </div>
      </Dialog>
    </>
  );
}

/** The header's way into the palette, for pointers and touch. */
export function PaletteButton() {
  const { setOpen } = useCommandPalette();
  return (
    <button
      type="button"
      onClick={() => setOpen(true)}
      aria-keyshortcuts="Control+K Meta+K"
      className="flex items-center gap-2 rounded-md border border-border px-2.5 py-1.5 text-sm text-muted hover:bg-surface-2 hover:text-fg"
    >
      <span aria-hidden="true">⌕</span>
      <span>Jump to…</span>
      <kbd className="hidden rounded border border-border px-1 font-mono text-xs md:inline">Ctrl K</kbd>
    </button>
  );
}
