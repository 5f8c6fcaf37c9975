"use client";
import { useCallback, useSyncExternalStore } from "react";
import type { DecodeChoice } from "@/lib/messages/decode";

const key = (account: string, queue: string) => `queuescope:decode:${account}:${queue}`;
const EVENT = "queuescope:decode-preference";

function subscribe(onChange: () => void) {
  window.addEventListener(EVENT, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(EVENT, onChange);
    window.removeEventListener("storage", onChange);
  };
}

/** The decoding a user chose for one queue, remembered in this browser. */
export function useDecodePreference(account: string, queue: string): [DecodeChoice, (choice: DecodeChoice) => void] {
  const value = useSyncExternalStore(
    subscribe,
    () => (localStorage.getItem(key(account, queue)) as DecodeChoice | null) ?? "auto",
    () => "auto" as DecodeChoice,
  );
  const set = useCallback(
    (choice: DecodeChoice) => {
      if (choice === "auto") localStorage.removeItem(key(account, queue));
      else localStorage.setItem(key(account, queue), choice);
      window.dispatchEvent(new Event(EVENT));
    },
    [account, queue],
  );
  return [value, set];
}
