// What a settings edit changes, section by section, for the preview before saving.
import type { ServiceProperties } from "@/lib/validation/service";

export type Section = keyof ServiceProperties;
export const SECTIONS: Section[] = ["cors", "logging", "hourMetrics", "minuteMetrics"];
export const SECTION_LABELS: Record<Section, string> = { cors: "CORS rules", logging: "Logging", hourMetrics: "Hour metrics", minuteMetrics: "Minute metrics" };

export interface Change {
  section: Section;
  field: string;
  before: string;
  after: string;
}

const show = (v: unknown) => (v === null || v === undefined ? "off" : Array.isArray(v) ? v.join(", ") || "(none)" : String(v));

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
        const a = new Map<string, unknown>();
        const b = new Map<string, unknown>();
        flatten(before.cors[i] ?? {}, "", a);
        flatten(after.cors[i] ?? {}, "", b);
        if (!before.cors[i]) changes.push({ section, field: `rule ${i + 1}`, before: "(none)", after: `added: ${show(after.cors[i]!.allowedOrigins)}` });
        else if (!after.cors[i]) changes.push({ section, field: `rule ${i + 1}`, before: show(before.cors[i]!.allowedOrigins), after: "removed" });
        else for (const key of new Set([...a.keys(), ...b.keys()])) {
          if (JSON.stringify(a.get(key)) !== JSON.stringify(b.get(key))) changes.push({ section, field: `rule ${i + 1} ${key}`, before: show(a.get(key)), after: show(b.get(key)) });
        }
      }
      continue;
    }
    const a = new Map<string, unknown>();
    const b = new Map<string, unknown>();
    flatten(before[section], "", a);
    flatten(after[section], "", b);
    for (const [key, value] of b) {
      if (JSON.stringify(a.get(key)) !== JSON.stringify(value)) changes.push({ section, field: key, before: show(a.get(key)), after: show(value) });
    }
  }
  return changes;
}
