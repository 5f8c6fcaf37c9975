"use client";
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from "react";

export interface PageCommand {
  id: string;
  label: string;
  run: () => void;
}

interface Commands {
  open: boolean;
  setOpen: (open: boolean) => void;
  commands: PageCommand[];
  register: (owner: symbol, list: PageCommand[]) => void;
  unregister: (owner: symbol) => void;
}

const CommandsContext = createContext<Commands | null>(null);

/** The palette's open state, and the actions the mounted page offers it. */
export function CommandsProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const [owners, setOwners] = useState<Map<symbol, PageCommand[]>>(new Map());
  // Stable, or every registration would make a new one and register again, without end.
  const register = useCallback(
    (owner: symbol, list: PageCommand[]) => setOwners((m) => new Map(m).set(owner, list)),
    [],
  );
  const unregister = useCallback(
    (owner: symbol) =>
      setOwners((m) => {
        const next = new Map(m);
        next.delete(owner);
        return next;
      }),
    [],
  );
  const value = useMemo<Commands>(
    () => ({ open, setOpen, commands: [...owners.values()].flat(), register, unregister }),
    [open, owners, register, unregister],
  );
  return <CommandsContext.Provider value={value}>{children}</CommandsContext.Provider>;
}

export function useCommandPalette(): Commands {
  const ctx = useContext(CommandsContext);
  if (!ctx) throw new Error("useCommandPalette needs the CommandsProvider of the app shell.");
  return ctx;
}

/**
 * Offers this component's actions in the palette while it is mounted. `labels` is what the list
 * shows; the callbacks are read at run time, so a re-render with new closures registers nothing.
 */
export function usePageCommands(list: PageCommand[]): void {
  const ctx = useContext(CommandsContext);
  const latest = useRef(list);
  const owner = useRef(Symbol("page-commands"));
  useEffect(() => {
    latest.current = list;
  });
  const key = list.map((c) => `${c.id}\u0000${c.label}`).join("\u0001");
  const register = ctx?.register;
  const unregister = ctx?.unregister;
  useEffect(() => {
    if (!register || !unregister) return;
    const me = owner.current;
    register(
      me,
      key
        ? key.split("\u0001").map((entry) => {
            const [id, label] = entry.split("\u0000") as [string, string];
            return { id, label, run: () => latest.current.find((c) => c.id === id)?.run() };
          })
        : [],
    );
    return () => unregister(me);
  }, [key, register, unregister]);
}
