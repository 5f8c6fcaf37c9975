// Rebuilds the Next.js app only when its sources changed since the last build.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";

const INPUTS = [
  "app",
  "components",
  "lib",
  "public",
  "instrumentation.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
const STAMP = path.join(".next", "queuescope-build-fingerprint");

function walk(entry: string, files: string[]): void {
  if (!existsSync(entry)) return;
  if (statSync(entry).isDirectory()) {
    for (const name of readdirSync(entry).sort()) walk(path.join(entry, name), files);
  } else {
    files.push(entry);
  }
}

export function sourceFingerprint(root: string): string {
  const hash = createHash("sha256");
  const files: string[] = [];
  for (const input of INPUTS) walk(path.join(root, input), files);
  for (const file of files) hash.update(path.relative(root, file)).update("\0").update(readFileSync(file)).update("\0");
  return hash.digest("hex");
}

function upToDate(root: string, fingerprint: string): boolean {
  const stamp = path.join(root, STAMP);
  return (
    existsSync(path.join(root, ".next", "BUILD_ID")) && existsSync(stamp) && readFileSync(stamp, "utf8") === fingerprint
  );
}

const nextBuild = (root: string) => [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"];
const buildEnv = () => ({ ...process.env, NEXT_TELEMETRY_DISABLED: "1" });

/** Runs `next build` when the sources differ from the last successful build. */
export function buildIfNeeded(root: string): void {
  const fingerprint = sourceFingerprint(root);
  if (upToDate(root, fingerprint)) return;
  console.log("Queuescope: building the dashboard (first start or sources changed)…");
  const result = spawnSync(process.execPath, nextBuild(root), { cwd: root, stdio: "inherit", env: buildEnv() });
  if (result.status !== 0) throw new Error("next build failed");
  writeFileSync(path.join(root, STAMP), fingerprint);
}

/**
 * The same, in the background, its output written to `logFile` (a file, not a pipe: the caller
 * may block its event loop meanwhile). Resolves to whether the build is there and current.
 */
export function startBuildIfNeeded(root: string, logFile: string): Promise<boolean> {
  const fingerprint = sourceFingerprint(root);
  if (upToDate(root, fingerprint)) {
    writeFileSync(logFile, "Queuescope: the build is current.\n");
    return Promise.resolve(true);
  }
  const out = openSync(logFile, "w");
  writeSync(out, "Queuescope: building the dashboard (first start or sources changed)…\n");
  const child = spawn(process.execPath, nextBuild(root), { cwd: root, stdio: ["ignore", out, out], env: buildEnv() });
  closeSync(out);
  return new Promise((resolve) => {
    child.on("error", () => resolve(false));
    child.on("close", (code) => {
      if (code === 0) writeFileSync(path.join(root, STAMP), fingerprint);
      resolve(code === 0);
    });
  });
}
