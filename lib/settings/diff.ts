// What a settings edit changes, section by section, for the preview before saving.
import type { ServiceProperties } from "@/lib/validation/service";

export type Section = keyof ServiceProperties;
export const SECTIONS: Section[] = ["cors", "logging", "hourMetrics", "minuteMetrics"];
export const SECTION_LABELS: Record<Section, string> = {
  cors: "CORS rules",
  logging: "Logging",
  hourMetrics: "Hour metrics",
  minuteMetrics: "Minute metrics",
};

export interface Change {
  section: Section;
  field: string;
  before: string;
  after: string;
}

/** What the settings page calls each field, so the preview speaks the page's words, not the API's. */
export const FIELD_LABELS: Record<string, string> = {
  allowedOrigins: "allowed origins",
  allowedMethods: "allowed methods",
  allowedHeaders: "allowed headers",
  exposedHeaders: "exposed headers",
  maxAgeInSeconds: "max age (s)",
  read: "log read requests",
  write: "log write requests",
  delete: "log delete requests",
  retentionDays: "retention (days)",
  enabled: "enabled",
  includeApis: "include APIs",
  version: "version",
};

const label = (key: string) => FIELD_LABELS[key] ?? key;

const show = (v: unknown) =>
  v === null || v === undefined ? "off" : Array.isArray(v) ? v.join(", ") || "(none)" : String(v);

function ruleFields(rule: object | undefined): Map<string, unknown> {
  const out = new Map<string, unknown>();
  flatten(rule ?? {}, "", out);
  return out;
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else out.set(prefix, value);
}

export function changedSections(before: ServiceProperties, after: ServiceProperties): Section[] {
  return SECTIONS.filter((s) => JSON.stringify(before[s]) !== JSON.stringify(after[s]));
}

export function diffProperties(before: ServiceProperties, after: ServiceProperties): Change[] {
  const changes: Change[] = [];
  for (const section of changedSections(before, after)) {
    if (section === "cors") {
      const n = Math.max(before.cors.length, after.cors.length);
      for (let i = 0; i < n; i++) {
        // An added or removed rule lists every field it has, so none of it is saved unseen.
        const a = ruleFields(before.cors[i]);
        const b = ruleFields(after.cors[i]);
        const status = !before.cors[i] ? " (new)" : !after.cors[i] ? " (removed)" : "";
        for (const key of new Set([...a.keys(), ...b.keys()])) {
          if (JSON.stringify(a.get(key)) !== JSON.stringify(b.get(key))) {
            changes.push({
              section,
              field: `rule ${i + 1}${status}: ${label(key)}`,
              before: before.cors[i] ? show(a.get(key)) : "(none)",
              after: after.cors[i] ? show(b.get(key)) : "(none)",
            });
          }
        }
      }
      continue;
    }
    const a = new Map<string, unknown>();
    const b = new Map<string, unknown>();
    flatten(before[section], "", a);
    flatten(after[section], "", b);
    for (const [key, value] of b) {
      if (JSON.stringify(a.get(key)) !== JSON.stringify(value))
        changes.push({ section, field: label(key), before: show(a.get(key)), after: show(value) });
    }
  }
  return changes;
}
