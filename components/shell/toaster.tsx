"use client";
import { useSyncExternalStore } from "react";
import { Toaster as Sonner } from "sonner";

function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}

/** Sonner follows the app's own theme class, not only the system preference. */
export function Toaster() {
  const dark = useSyncExternalStore(
    subscribe,
    () => document.documentElement.classList.contains("dark"),
    () => false,
  );
  return (
    <Sonner
      theme={dark ? "dark" : "light"}
      richColors
      closeButton
      position="bottom-right"
      containerAriaLabel="Notifications"
    />
  );
}
