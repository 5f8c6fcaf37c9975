import "server-only";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { THEME_STORAGE_KEY } from "@/lib/theme";

/** The one thing Redoc's bundle loads from elsewhere: the sidebar footer's logo. */
export const REDOC_CDN_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg";

/**
 * Redoc's self-contained browser bundle, read once: the page works with no network and no CDN.
 * The footer logo's URL becomes empty: the image then fails at once and Redoc hides it, instead of
 * a request to another origin that the CSP would block and report.
 */
let bundle: Promise<string> | undefined;
export function redocBundle(): Promise<string> {
  const file = path.join(
    /*turbopackIgnore: true*/ process.cwd(),
    "node_modules",
    "redoc",
    "bundles",
    "redoc.standalone.js",
  );
  return (bundle ??= readFile(file, "utf8").then((js) => js.replaceAll(REDOC_CDN_LOGO, "")));
}

// Redoc's colours for the app's dark theme (it has none of its own); the choice is the app's.
const DARK_THEME = {
  colors: {
    primary: { main: "#60a5fa" },
    text: { primary: "#e5e7eb", secondary: "#9ca3af" },
    border: { dark: "#374151", light: "#1f2937" },
    http: { get: "#34d399", post: "#60a5fa", put: "#fbbf24", delete: "#f87171" },
  },
  sidebar: { backgroundColor: "#111827", textColor: "#e5e7eb" },
  rightPanel: { backgroundColor: "#030712" },
  schema: { nestedBackground: "#1f2937", typeNameColor: "#93c5fd" },
  typography: { code: { color: "#fca5a5", backgroundColor: "#1f2937" }, links: { color: "#93c5fd" } },
};

/**
 * The reference page. Both scripts carry the request's CSP nonce ('strict-dynamic' then trusts
 * what Redoc loads itself). Redoc's search runs in a worker made from a blob: URL, which the CSP
 * refuses, so search is off; the sidebar lists every operation.
 */
export function docsPage(nonce: string): string {
  const init = `(function(){var d;try{var t=localStorage.getItem(${JSON.stringify(THEME_STORAGE_KEY)});d=t?t==="dark":matchMedia("(prefers-color-scheme: dark)").matches}catch(e){d=false}
if(d)document.body.classList.add("dark");
Redoc.init("/api/openapi.json",{disableSearch:true,hideDownloadButton:false,expandResponses:"200,201,202",theme:d?${JSON.stringify(DARK_THEME)}:{}},document.getElementById("redoc"))})()`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>API reference · Queuescope</title>
<link rel="icon" href="/icon.svg" type="image/svg+xml">
<style>body{margin:0;font-family:system-ui,sans-serif}body.dark{background:#030712;color:#e5e7eb}header{display:flex;gap:1rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid #e5e7eb;font-size:14px}body.dark header{border-color:#1f2937}header a{color:inherit}body.dark .react-tabs__tab--selected{color:#111827!important}body.dark h5,body.dark table th{color:#9ca3af!important}</style>
</head>
<body>
<header><a href="/">← Queuescope</a><span>API reference</span><a href="/api/openapi.json">openapi.json</a><a href="/tokens">API tokens</a></header>
<div id="redoc"></div>
<script nonce="${nonce}" src="/api/docs/redoc.js"></script>
<script nonce="${nonce}">${init}</script>
</body>
</html>`;
}
