// `npm test`: typecheck, lint, unit + integration (Vitest, real Azurite), build, e2e (Playwright,
// real Azurite and Chromium). Runs every stage it can and ends with one "N passed, N failed" line.
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { startBuildIfNeeded } from "./lib/build";
import { ensureChromium } from "./lib/chromium";

const root = path.resolve(import.meta.dirname, "..");
const results = path.join(root, "test-results");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };

interface Stage {
  name: string;
  ok: boolean;
  passed: number;
  failed: number;
  seconds: number;
  /** The failed tests, named, with the first line of why: the summary is what a CI log's tail keeps. */
  failures?: string[];
}
const stages: Stage[] = [];

type Counts = { passed: number; failed: number; failures?: string[] };

function run(name: string, cmd: string, args: string[], count?: () => Counts): boolean {
  console.log(`\n── ${name} ──`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env });
  const ok = result.status === 0;
  let counts: Counts = { passed: 0, failed: ok ? 0 : 1 };
  try {
    if (count) counts = count();
  } catch {
    // no report written: the stage failed before running its tests
  }
  stages.push({ name, ok, ...counts, seconds: (Date.now() - started) / 1000 });
  return ok;
}

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(path.join(results, file), "utf8")) as T;
}

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults?: {
    name: string;
    message?: string;
    status?: string;
    assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[];
  }[];
}
const firstLine = (text: string | undefined) => (text ?? "").trim().split("\n")[0]!.slice(0, 300);

function vitestFailures(r: VitestReport): string[] {
  const out: string[] = [];
  for (const file of r.testResults ?? []) {
    const rel = path.relative(root, file.name);
    for (const t of file.assertionResults ?? []) {
      if (t.status === "failed") out.push(`${rel} › ${t.fullName}: ${firstLine(t.failureMessages?.[0])}`);
    }
    // A file that failed before its tests ran (an import error, a hook) has no failed test to name.
    if (file.status === "failed" && !(file.assertionResults ?? []).some((t) => t.status === "failed")) {
      out.push(`${rel}: ${firstLine(file.message)}`);
    }
  }
  return out;
}

interface PlaywrightSuite {
  title: string;
  specs?: {
    title: string;
    file: string;
    line: number;
    tests: { status: string; results?: { error?: { message?: string } }[] }[];
  }[];
  suites?: PlaywrightSuite[];
}
interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number };
  suites?: PlaywrightSuite[];
}

function playwrightFailures(r: PlaywrightReport): string[] {
  const out: string[] = [];
  const walk = (suite: PlaywrightSuite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests) {
        if (t.status !== "unexpected" && t.status !== "flaky") continue;
        const why = firstLine(t.results?.find((x) => x.error)?.error?.message);
        out.push(`${t.status === "flaky" ? "(flaky) " : ""}${spec.file}:${spec.line} › ${spec.title}: ${why}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const s of r.suites ?? []) walk(s);
  return out;
}

mkdirSync(results, { recursive: true });
for (const f of ["vitest.json", "e2e-results.json"]) rmSync(path.join(results, f), { force: true });

/** Stages that only read the sources, at the same time; each one's output is shown whole, in order. */
async function runTogether(list: { name: string; cmd: string; args: string[] }[]): Promise<void> {
  const started = Date.now();
  const results = await Promise.all(
    list.map(
      ({ cmd, args }) =>
        new Promise<{ code: number | null; output: string; seconds: number }>((resolve) => {
          const child = spawn(cmd, args, { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
          let output = "";
          child.stdout.on("data", (d: Buffer) => (output += d.toString()));
          child.stderr.on("data", (d: Buffer) => (output += d.toString()));
          child.on("error", (err) => (output += String(err)));
          child.on("close", (code) => resolve({ code, output, seconds: (Date.now() - started) / 1000 }));
        }),
    ),
  );
  list.forEach(({ name }, i) => {
    const { code, output, seconds } = results[i]!;
    console.log(`\n── ${name} ──`);
    if (output) process.stdout.write(output);
    const ok = code === 0;
    stages.push({ name, ok, passed: 0, failed: ok ? 0 : 1, seconds });
  });
}

await runTogether([
  { name: "typecheck", cmd: bin("tsc"), args: ["--noEmit"] },
  { name: "lint", cmd: bin("eslint"), args: [".", "--max-warnings=0"] },
  { name: "format (Prettier)", cmd: bin("prettier"), args: ["--check", ".", "--log-level=warn"] },
]);
// The production build runs beside Vitest: the integration tests mostly wait on Azurite, leases
// and visibility, and none of them uses the build (the timing-sensitive ones run last, alone,
// when the build is long done).
const buildLog = path.join(results, "build.log");
const buildStarted = Date.now();
const building = startBuildIfNeeded(root, buildLog);
run(
  "unit + integration (Vitest)",
  bin("vitest"),
  ["run", "--reporter=default", "--reporter=json", `--outputFile.json=${path.join(results, "vitest.json")}`],
  () => {
    const r = readJson<VitestReport>("vitest.json");
    return { passed: r.numPassedTests, failed: r.numFailedTests, failures: vitestFailures(r) };
  },
);

console.log("\n── build (beside Vitest) ──");
const built = await building;
process.stdout.write(readFileSync(buildLog, "utf8"));
// Its last line was written when it ended (this process was blocked on Vitest meanwhile).
const buildSeconds = (statSync(buildLog).mtimeMs - buildStarted) / 1000;
stages.push({ name: "build (beside Vitest)", ok: built, passed: 0, failed: built ? 0 : 1, seconds: buildSeconds });

const browser = built && ensureChromium();
if (built && !browser) stages.push({ name: "install chromium", ok: false, passed: 0, failed: 1, seconds: 0 });
if (browser) {
  run("end-to-end (Playwright + Chromium)", bin("playwright"), ["test"], () => {
    const r = readJson<PlaywrightReport>("e2e-results.json");
    return { passed: r.stats.expected + r.stats.flaky, failed: r.stats.unexpected, failures: playwrightFailures(r) };
  });
}

console.log("\n── summary ──");
for (const s of stages) {
  const tests = s.passed || s.failed ? ` (${s.passed} passed, ${s.failed} failed)` : "";
  console.log(`${s.ok ? "ok  " : "FAIL"} ${s.name}${tests} in ${s.seconds.toFixed(1)} s`);
  for (const f of s.failures ?? []) console.log(`     ✗ ${f.replace(/\x1b\[[0-9;]*m/g, "")}`);
}
const passed = stages.reduce((n, s) => n + s.passed, 0);
const failed = stages.reduce((n, s) => n + s.failed, 0);
const allOk = stages.every((s) => s.ok) && built;
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(allOk && failed === 0 ? 0 : 1);
