"use client";
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

export const UNSAVED_MESSAGE = "You have unsaved changes. Leave this page and lose them?";

// How many mounted forms hold unsaved changes: navigation that is not a link (the palette's
// router.push) asks through confirmLeaving().
let dirtyForms = 0;
const GUARD = "__queuescopeUnsaved";

/** True when nothing would be lost, or the user agreed to lose it. */
export function confirmLeaving(): boolean {
  return dirtyForms === 0 || window.confirm(UNSAVED_MESSAGE);
}

interface Navigator {
  push(href: string): void;
  replace(href: string): void;
}

/**
 * Goes to `href` once leaving was agreed. Standing on a guard entry it is replaced, not pushed
 * past, so no extra step of the same page stays behind in the history for a later Back.
 */
export function navigateAway(router: Navigator, href: string): void {
  const state = window.history.state as Record<string, unknown> | null;
  if (!state || !(GUARD in state)) return router.push(href);
  const { [GUARD]: _guard, ...rest } = state;
  window.history.replaceState(rest, "", window.location.href);
  router.replace(href);
}

const onGuard = (token: string) => (window.history.state as Record<string, unknown> | null)?.[GUARD] === token;

// Same URL, Next's own state copied (its __NA marks the entry as the app router's, so its patched
// pushState passes it through untouched).
function pushGuard(token: string, url: string) {
  window.history.pushState({ ...(window.history.state as object | null), [GUARD]: token }, "", url);
}

// Back from the guard entry lands on the same URL: take that traversal from Next's router (a
// capturing listener on window runs before its own) so nothing re-renders.
function swallowNextPopState() {
  window.addEventListener("popstate", (e) => e.stopImmediatePropagation(), { capture: true, once: true });
}

/**
 * While `dirty`, leaving asks first: closing or reloading the tab (beforeunload), following a
 * link inside the app (a capture listener runs before Next's Link handler can navigate), the
 * palette (confirmLeaving), and history Back: a guard entry with the same URL is pushed, so Back
 * first lands on this page again, where the question can still be answered "stay".
 */
export function useUnsavedChanges(dirty: boolean): void {
  const guard = useRef<string | null>(null);
  // A ref, not an effect dependency: re-running the effect while dirty would push a second guard.
  const router = useRef(useRouter());
  useEffect(() => {
    if (!dirty) {
      // Saved or discarded while still here: take the guard entry back out of the history.
      const token = guard.current;
      guard.current = null;
      if (token && onGuard(token)) {
        swallowNextPopState();
        window.history.back();
      }
      return;
    }
    dirtyForms += 1;
    const token = guard.current ?? `${Date.now()}-${Math.random()}`;
    guard.current = token;
    const url = window.location.href;
    if (!onGuard(token)) pushGuard(token, url);
    let leaving = false;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    const onPopState = (e: PopStateEvent) => {
      if (leaving) return;
      e.stopImmediatePropagation();
      if (window.confirm(UNSAVED_MESSAGE)) {
        leaving = true;
        // Asked and answered: a previous page of another document must not ask again as it unloads.
        window.removeEventListener("beforeunload", onBeforeUnload);
        window.history.back();
      } else pushGuard(token, url);
    };
    const onClick = (e: MouseEvent) => {
      const link = (e.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (
        !link ||
        link.target === "_blank" ||
        link.hasAttribute("download") ||
        e.button !== 0 ||
        e.metaKey ||
        e.ctrlKey ||
        e.shiftKey
      )
        return;
      const to = new URL(link.href, window.location.href);
      if (
        to.origin !== window.location.origin ||
        (to.pathname === window.location.pathname && to.search === window.location.search)
      )
        return;
      const agreed = window.confirm(UNSAVED_MESSAGE);
      if (agreed && !onGuard(token)) return;
      e.preventDefault();
      e.stopPropagation();
      if (agreed) {
        leaving = true;
        navigateAway(router.current, to.pathname + to.search + to.hash);
      }
    };
    window.addEventListener("popstate", onPopState, true);
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      dirtyForms -= 1;
      window.removeEventListener("popstate", onPopState, true);
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty]);
}
