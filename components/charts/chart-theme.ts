// The chart's colours from the page's CSS variables (app/globals.css), re-read when the theme changes.
export interface ChartTheme {
  fg: string;
  muted: string;
  grid: string;
  accent: string;
  warn: string;
  ok: string;
  danger: string;
  dark: boolean;
}

export function readChartTheme(): ChartTheme {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    fg: v("--fg"),
    muted: v("--muted"),
    grid: v("--border"),
    accent: v("--accent"),
    warn: v("--warn"),
    ok: v("--ok"),
    danger: v("--danger"),
    dark: document.documentElement.classList.contains("dark"),
  };
}

/** Calls `onChange` when the theme toggle flips the `dark` class on <html>. */
export function watchTheme(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class"] });
  return () => observer.disconnect();
}
