import { describe, expect, it } from "vitest";
import { changedSections, diffProperties } from "@/lib/settings/diff";
import type { ServiceProperties } from "@/lib/validation/service";
import { corsSize } from "@/lib/validation/service";

const base: ServiceProperties = {
  cors: [
    {
      allowedOrigins: ["https://a.example"],
      allowedMethods: ["GET"],
      allowedHeaders: [],
      exposedHeaders: [],
      maxAgeInSeconds: 0,
    },
  ],
  logging: { read: true, write: false, delete: false, retentionDays: null },
  hourMetrics: { enabled: false, includeApis: false, retentionDays: null },
  minuteMetrics: { enabled: false, includeApis: false, retentionDays: null },
};

describe("settings diff", () => {
  it("finds nothing when nothing changed", () => {
    expect(changedSections(base, structuredClone(base))).toEqual([]);
    expect(diffProperties(base, structuredClone(base))).toEqual([]);
  });

  it("names each changed field in the page's words, with before and after, per section", () => {
    const after = structuredClone(base);
    after.logging.retentionDays = 7;
    after.cors[0]!.allowedMethods = ["GET", "PUT"];
    after.cors.push({
      allowedOrigins: ["*"],
      allowedMethods: ["GET"],
      allowedHeaders: [],
      exposedHeaders: [],
      maxAgeInSeconds: 5,
    });
    expect(changedSections(base, after)).toEqual(["cors", "logging"]);
    expect(diffProperties(base, after)).toEqual([
      { section: "cors", field: "rule 1: allowed methods", before: "GET", after: "GET, PUT" },
      { section: "cors", field: "rule 2 (new): allowed origins", before: "(none)", after: "*" },
      { section: "cors", field: "rule 2 (new): allowed methods", before: "(none)", after: "GET" },
      { section: "cors", field: "rule 2 (new): allowed headers", before: "(none)", after: "(none)" },
      { section: "cors", field: "rule 2 (new): exposed headers", before: "(none)", after: "(none)" },
      { section: "cors", field: "rule 2 (new): max age (s)", before: "(none)", after: "5" },
      { section: "logging", field: "retention (days)", before: "off", after: "7" },
    ]);
  });

  it("reports a removed rule", () => {
    const removed = diffProperties(base, { ...base, cors: [] });
    expect(removed.map((c) => c.field)).toEqual(
      ["allowed origins", "allowed methods", "allowed headers", "exposed headers", "max age (s)"].map(
        (f) => `rule 1 (removed): ${f}`,
      ),
    );
    expect(removed[0]).toMatchObject({ before: "https://a.example", after: "(none)" });
  });

  it("shows changed headers and max age of a kept rule, and metrics by their labels", () => {
    const after = structuredClone(base);
    after.cors[0]!.allowedHeaders = ["x-ms-meta-*"];
    after.cors[0]!.maxAgeInSeconds = 600;
    after.hourMetrics = { enabled: true, includeApis: true, retentionDays: 7 };
    expect(diffProperties(base, after).map((c) => `${c.field}: ${c.before} → ${c.after}`)).toEqual([
      "rule 1: allowed headers: (none) → x-ms-meta-*",
      "rule 1: max age (s): 0 → 600",
      "enabled: false → true",
      "include APIs: false → true",
      "retention (days): off → 7",
    ]);
  });

  it("measures CORS size as the service does, without markup", () => {
    expect(corsSize(base.cors)).toBe("https://a.example".length + "GET".length + 1);
  });
});
