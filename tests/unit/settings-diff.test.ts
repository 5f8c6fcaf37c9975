import { describe, expect, it } from "vitest";
import { changedSections, diffProperties } from "@/lib/settings/diff";
import type { ServiceProperties } from "@/lib/validation/service";
import { corsSize } from "@/lib/validation/service";

const base: ServiceProperties = {
  cors: [{ allowedOrigins: ["https://a.example"], allowedMethods: ["GET"], allowedHeaders: [], exposedHeaders: [], maxAgeInSeconds: 0 }],
  logging: { read: true, write: false, delete: false, retentionDays: null },
  hourMetrics: { enabled: false, includeApis: false, retentionDays: null },
  minuteMetrics: { enabled: false, includeApis: false, retentionDays: null },
};

describe("settings diff", () => {
  it("finds nothing when nothing changed", () => {
    expect(changedSections(base, structuredClone(base))).toEqual([]);
    expect(diffProperties(base, structuredClone(base))).toEqual([]);
  });

  it("names each changed field with before and after, per section", () => {
    const after = structuredClone(base);
    after.logging.retentionDays = 7;
    after.cors[0]!.allowedMethods = ["GET", "PUT"];
    after.cors.push({ allowedOrigins: ["*"], allowedMethods: ["GET"], allowedHeaders: [], exposedHeaders: [], maxAgeInSeconds: 5 });
    expect(changedSections(base, after)).toEqual(["cors", "logging"]);
    expect(diffProperties(base, after)).toEqual([
      { section: "cors", field: "rule 1 allowedMethods", before: "GET", after: "GET, PUT" },
      { section: "cors", field: "rule 2", before: "(none)", after: "added: *" },
      { section: "logging", field: "retentionDays", before: "off", after: "7" },
    ]);
  });

  it("reports a removed rule", () => {
    expect(diffProperties(base, { ...base, cors: [] })).toEqual([{ section: "cors", field: "rule 1", before: "https://a.example", after: "removed" }]);
  });

  it("measures CORS size as the service does, without markup", () => {
    expect(corsSize(base.cors)).toBe("https://a.example".length + "GET".length + 1);
  });
});
