// The e2e tests drive Debian's Chromium; a fresh machine gets it from apt-get (Playwright's own
// browser download cannot work offline).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export function ensureChromium(): boolean {
  if (existsSync(DEBIAN_CHROMIUM)) return true;
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ["sudo", "-n"];
  if (!existsSync("/usr/bin/apt-get")) {
    console.error(
      `No ${DEBIAN_CHROMIUM} and no apt-get: install Chromium, or run \`npx playwright install chromium\` where downloads work.`,
    );
    return false;
  }
  console.log(`Installing Debian's chromium (no ${DEBIAN_CHROMIUM} yet)…`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const steps = [
    ["apt-get", "update", "-qq"],
    ["apt-get", "install", "-y", "-qq", "chromium", "fonts-liberation"],
  ];
  for (const step of steps) {
    const [cmd, ...args] = [...sudo, ...step];
    const result = spawnSync(cmd!, args, { stdio: "inherit", env });
    if (result.status !== 0) {
      console.error(
        `\`${step.join(" ")}\` failed: install Debian's chromium package by hand (apt-get install chromium).`,
      );
      return false;
    }
  }
  return existsSync(DEBIAN_CHROMIUM);
}
