// A strict reader of the Prometheus text exposition format 0.0.4, as the spec defines it
// (https://prometheus.io/docs/instrumenting/exposition_formats/): it throws on anything a
// Prometheus server would refuse, so a test that parses /api/metrics can fail.
export interface ParsedSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedFamily {
  name: string;
  type: string;
  help?: string;
  samples: ParsedSample[];
}

const METRIC = /^[a-zA-Z_:][a-zA-Z0-9_:]*/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*/;
const TYPES = new Set(["counter", "gauge", "histogram", "summary", "untyped"]);

function parseValue(text: string, line: number): number {
  if (text === "NaN") return NaN;
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`line ${line}: "${text}" is not a value`);
  return Number(text);
}

function parseLabels(text: string, line: number): { labels: Record<string, string>; rest: string } {
  const labels: Record<string, string> = {};
  let s = text;
  while (true) {
    s = s.replace(/^\s+/, "");
    if (s.startsWith("}")) return { labels, rest: s.slice(1) };
    const name = LABEL.exec(s)?.[0];
    if (!name) throw new Error(`line ${line}: bad label name at "${s.slice(0, 20)}"`);
    if (Object.hasOwn(labels, name)) throw new Error(`line ${line}: label ${name} repeated`);
    s = s.slice(name.length).replace(/^\s+/, "");
    if (!s.startsWith('="')) throw new Error(`line ${line}: label ${name} needs ="value"`);
    s = s.slice(2);
    let value = "";
    for (;;) {
      const c = s[0];
      if (c === undefined) throw new Error(`line ${line}: unterminated label value`);
      if (c === "\n") throw new Error(`line ${line}: raw line feed in a label value`);
      if (c === '"') break;
      if (c === "\\") {
        const e = s[1];
        if (e === "\\") value += "\\";
        else if (e === '"') value += '"';
        else if (e === "n") value += "\n";
        else throw new Error(`line ${line}: unknown escape \\${e}`);
        s = s.slice(2);
        continue;
      }
      value += c;
      s = s.slice(1);
    }
    labels[name] = value;
    s = s.slice(1).replace(/^\s+/, "");
    if (s.startsWith(",")) s = s.slice(1);
    else if (!s.startsWith("}")) throw new Error(`line ${line}: expected , or } after label ${name}`);
  }
}

export function parsePrometheusText(text: string): ParsedFamily[] {
  if (text.length && !text.endsWith("\n")) throw new Error("the exposition must end with a line feed");
  const families = new Map<string, ParsedFamily>();
  const seen = new Set<string>();
  let current: ParsedFamily | undefined;
  const lines = text.split("\n").slice(0, -1);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    const meta = /^#\s*(HELP|TYPE)\s+(\S+)\s*(.*)$/.exec(raw);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      if (!METRIC.test(name) || METRIC.exec(name)![0] !== name)
        throw new Error(`line ${line}: bad metric name ${name}`);
      let family = families.get(name);
      if (family && family.samples.length) throw new Error(`line ${line}: ${kind} for ${name} after its samples`);
      if (!family) families.set(name, (family = { name, type: "untyped", samples: [] }));
      if (kind === "TYPE") {
        if (!TYPES.has(rest)) throw new Error(`line ${line}: unknown type ${rest}`);
        family.type = rest;
      } else {
        if (/\\[^\\n]/.test(rest.replace(/\\\\/g, ""))) throw new Error(`line ${line}: bad escape in HELP`);
        family.help = rest.replace(/\\n/g, "\n").replace(/\\\\/g, "\\");
      }
      current = family;
      return;
    }
    if (raw.startsWith("#")) return;
    const name = METRIC.exec(raw)?.[0];
    if (!name) throw new Error(`line ${line}: bad sample "${raw.slice(0, 40)}"`);
    let rest = raw.slice(name.length);
    let labels: Record<string, string> = {};
    if (rest.startsWith("{")) ({ labels, rest } = parseLabels(rest.slice(1), line));
    const parts = rest.trim().split(/\s+/);
    if (!rest.startsWith(" ") || parts.length < 1 || parts.length > 2)
      throw new Error(`line ${line}: expected " value [timestamp]"`);
    const value = parseValue(parts[0]!, line);
    if (parts[1] !== undefined && !/^-?\d+$/.test(parts[1])) throw new Error(`line ${line}: bad timestamp`);
    const family =
      families.get(name) ?? (families.set(name, { name, type: "untyped", samples: [] }), families.get(name)!);
    if (current && current !== family && family.samples.length)
      throw new Error(`line ${line}: samples of ${name} are not together`);
    current = family;
    const key = `${name}${JSON.stringify(Object.entries(labels).sort())}`;
    if (seen.has(key)) throw new Error(`line ${line}: duplicate series ${key}`);
    seen.add(key);
    family.samples.push({ name, labels, value });
  });
  return [...families.values()];
}
