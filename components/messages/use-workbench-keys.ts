"use client";
import { useEffect, useRef, type RefObject } from "react";

const typing = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

/** The filter's text fields (substring and JSONPath): the filter bar marks them data-workbench-filter. */
const filterField = (el: EventTarget | null) => el instanceof HTMLElement && el.hasAttribute("data-workbench-filter");

interface Handlers {
  /** Clears the selection, then the filter (what it does is the page's). */
  onEscape: () => void;
  /** ↓ in a filter field: into the list. False when there is no list to go to. */
  onIntoList: () => boolean;
}

/**
 * `/` focuses the filter; ↓ in a filter field moves to the first row; Esc (outside a dialog, or
 * in a filter field) clears the selection, then the filter.
 */
export function useWorkbenchKeys(searchRef: RefObject<HTMLInputElement | null>, handlers: Handlers) {
  const latest = useRef(handlers);
  useEffect(() => {
    latest.current = handlers;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || document.querySelector("dialog[open]")) return;
      if (e.key === "/" && !typing(e.target)) {
        e.preventDefault();
        searchRef.current?.focus();
      } else if (e.key === "Escape" && (!typing(e.target) || filterField(e.target))) {
        latest.current.onEscape();
      } else if (e.key === "ArrowDown" && !e.shiftKey && filterField(e.target) && latest.current.onIntoList()) {
        e.preventDefault();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [searchRef]);
}
