"use client";
import { useSyncExternalStore } from "react";

// Jobs this browser tab started: the toast follows these; the Jobs page shows everyone's.
const KEY = "queuescope:my-jobs";
const EVENT = "queuescope:my-jobs";

function read(): string {
  return sessionStorage.getItem(KEY) ?? "[]";
}

function subscribe(onChange: () => void) {
  window.addEventListener(EVENT, onChange);
  return () => window.removeEventListener(EVENT, onChange);
}

function write(ids: string[]) {
  sessionStorage.setItem(KEY, JSON.stringify(ids.slice(-20)));
  window.dispatchEvent(new Event(EVENT));
}

export function rememberJob(id: string): void {
  write([...(JSON.parse(read()) as string[]).filter((x) => x !== id), id]);
}

export function forgetJob(id: string): void {
  write((JSON.parse(read()) as string[]).filter((x) => x !== id));
}

export function useMyJobIds(): string[] {
  const raw = useSyncExternalStore(subscribe, read, () => "[]");
  return JSON.parse(raw) as string[];
}
