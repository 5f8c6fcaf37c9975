"use client";
import { useEffect, useSyncExternalStore } from "react";
import { THEME_STORAGE_KEY } from "@/lib/theme";

function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}
const isDark = () => document.documentElement.classList.contains("dark");

function chosenTheme(): string | null {
  try {
    return localStorage.getItem(THEME_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Until the user picks a theme here, an open page follows the system (a switch to dark at dusk). */
function useSystemTheme() {
  useEffect(() => {
    const query = matchMedia("(prefers-color-scheme: dark)");
    const follow = () => {
      if (!chosenTheme()) document.documentElement.classList.toggle("dark", query.matches);
    };
    query.addEventListener("change", follow);
    // A change between the inline theme script and hydration fired no event we heard.
    follow();
    return () => query.removeEventListener("change", follow);
  }, []);
}

export function ThemeToggle() {
  const dark = useSyncExternalStore(subscribe, isDark, () => false);
  useSystemTheme();
  const next = dark ? "light" : "dark";
  return (
    <button
      type="button"
      onClick={() => {
        document.documentElement.classList.toggle("dark", next === "dark");
        localStorage.setItem(THEME_STORAGE_KEY, next);
      }}
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      className="rounded-md border border-border px-2.5 py-1.5 text-sm hover:bg-surface-2"
    >
      <span aria-hidden="true">{dark ? "☀" : "☾"}</span>
      <span className="ml-1.5 hidden sm:inline">{dark ? "Light" : "Dark"}</span>
    </button>
  );
}
