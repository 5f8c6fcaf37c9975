"use client";
import { useCallback, useMemo, useSyncExternalStore } from "react";

const EVENT = "queuescope:stored-value";

/** Re-reads on a change made in this tab (notifyStored) or in another (the storage event). */
export function subscribeStored(onChange: () => void) {
  window.addEventListener(EVENT, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(EVENT, onChange);
    window.removeEventListener("storage", onChange);
  };
}

export function notifyStored() {
  window.dispatchEvent(new Event(EVENT));
}

/**
 * A JSON value remembered in this browser under `key`. The snapshot is the stored string, so
 * React sees a stable value between changes; `read` turns it into T and rejects what it cannot use.
 */
export function useStoredValue<T>(
  key: string,
  fallback: T,
  read: (raw: unknown) => T | null,
): [T, (value: T | null) => void] {
  const raw = useSyncExternalStore(
    subscribeStored,
    () => localStorage.getItem(key),
    () => null,
  );
  const value = useMemo(() => {
    if (raw === null) return fallback;
    try {
      return read(JSON.parse(raw)) ?? fallback;
    } catch {
      return fallback;
    }
    // fallback and read are constants of the caller; only the stored text decides.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [raw]);
  const set = useCallback(
    (next: T | null) => {
      if (next === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(next));
      notifyStored();
    },
    [key],
  );
  return [value, set];
}
