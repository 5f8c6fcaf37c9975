"use client";
import { useCallback, useSyncExternalStore } from "react";
import type { DecodeChoice } from "@/lib/messages/decode";
import { notifyStored, subscribeStored } from "./use-stored-value";

const key = (account: string, queue: string) => `queuescope:decode:${account}:${queue}`;

/** The decoding a user chose for one queue, remembered in this browser. */
export function useDecodePreference(account: string, queue: string): [DecodeChoice, (choice: DecodeChoice) => void] {
  const value = useSyncExternalStore(
    subscribeStored,
    () => (localStorage.getItem(key(account, queue)) as DecodeChoice | null) ?? "auto",
    () => "auto" as DecodeChoice,
  );
  const set = useCallback(
    (choice: DecodeChoice) => {
      if (choice === "auto") localStorage.removeItem(key(account, queue));
      else localStorage.setItem(key(account, queue), choice);
      notifyStored();
    },
    [account, queue],
  );
  return [value, set];
}
