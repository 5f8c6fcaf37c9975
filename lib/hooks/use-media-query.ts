"use client";
import { useSyncExternalStore } from "react";

/** Whether a CSS media query matches now, following changes; `serverValue` until hydrated. */
export function useMediaQuery(query: string, serverValue = true): boolean {
  return useSyncExternalStore(
    (changed) => {
      const list = matchMedia(query);
      list.addEventListener("change", changed);
      return () => list.removeEventListener("change", changed);
    },
    () => matchMedia(query).matches,
    () => serverValue,
  );
}
