import path from "node:path";
import { defineConfig } from "vitest/config";

const root = import.meta.dirname;
const shared = {
  resolve: {
    alias: {
      "@": root,
      // Outside Next's react-server bundling the real package throws on import by design.
      "server-only": path.join(root, "tests/support/server-only.ts"),
    },
  },
};

// Files that measure who is served first under a flood, time child processes, or hold a cancel
// to its 2 s: they run after the others, one at a time, so another file's load cannot tip their
// margins (a cancel mid-scan took 2.7 s beside the hostile-input suites).
const ALONE = [
  "tests/integration/gate.test.ts",
  "tests/integration/gate-idle.test.ts",
  "tests/integration/admission.test.ts",
  "tests/integration/user-add.test.ts",
  "tests/integration/predicate-scan.test.ts",
  "tests/integration/job-engine.test.ts",
  // It checks that the account's service settings are unchanged, and service.test.ts changes them: two
  // files on one emulator at once failed it in CI.
  "tests/integration/hostile-routes.test.ts",
];

const integration = {
  environment: "node" as const,
  globalSetup: ["tests/support/azurite-global-setup.ts"],
  setupFiles: ["tests/support/integration-setup.ts"],
  testTimeout: 60_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    // Every mutation writes an audit line to stdout: shown for failing tests only.
    silent: "passed-only",
    // Two files at a time (the machine has 2 cores): most integration time is spent waiting on
    // leases, visibility and deadlines, not on the CPU.
    maxWorkers: 2,
    projects: [
      {
        ...shared,
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", sequence: { groupOrder: 0 } },
      },
      {
        ...shared,
        test: {
          ...integration,
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          exclude: ALONE,
          sequence: { groupOrder: 0 },
        },
      },
      {
        ...shared,
        test: {
          ...integration,
          name: "integration-alone",
          include: ALONE,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
