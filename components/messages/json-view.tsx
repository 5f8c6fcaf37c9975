// JSON with syntax colour and folding (native <details>, so keyboard and screen readers work).
// Values are rendered as React text: message content can never become markup.

const colour = {
  key: "text-sky-700 dark:text-sky-300",
  string: "text-emerald-700 dark:text-emerald-300",
  number: "text-amber-700 dark:text-amber-300",
  literal: "text-fuchsia-700 dark:text-fuchsia-300",
};

function Leaf({ value }: { value: unknown }) {
  if (typeof value === "string") return <span className={colour.string}>{JSON.stringify(value)}</span>;
  if (typeof value === "number") return <span className={colour.number}>{String(value)}</span>;
  return <span className={colour.literal}>{String(value)}</span>;
}

function Node({ name, value, last, depth }: { name?: string; value: unknown; last: boolean; depth: number }) {
  const label = name === undefined ? null : <><span className={colour.key}>{JSON.stringify(name)}</span>: </>;
  const comma = last ? "" : ",";
  if (value === null || typeof value !== "object") {
    return <div className="pl-4">{label}<Leaf value={value} />{comma}</div>;
  }
  const isArray = Array.isArray(value);
  const entries = isArray ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  const [open, close] = isArray ? ["[", "]"] : ["{", "}"];
  if (entries.length === 0) return <div className="pl-4">{label}{open}{close}{comma}</div>;
  return (
    <details open={depth < 3} className="group pl-4 [&>summary]:list-none">
      <summary className="-ml-4 cursor-pointer select-none marker:hidden">
        <span aria-hidden="true" className="inline-block w-4 text-center text-muted transition-transform group-open:rotate-90">▸</span>
        {label}{open}
        <span className="text-muted"> {entries.length} {isArray ? "items" : "keys"} </span>
      </summary>
      {entries.map(([k, v], i) => (
        <Node key={k} name={isArray ? undefined : k} value={v} last={i === entries.length - 1} depth={depth + 1} />
      ))}
      <div className="pl-4">{close}{comma}</div>
    </details>
  );
}

export function JsonView({ text }: { text: string }) {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return <pre className="whitespace-pre-wrap break-all">{text}</pre>;
  }
  return (
    <div className="font-mono text-xs leading-5" data-testid="json-view">
      <Node value={value} last depth={0} />
    </div>
  );
}
