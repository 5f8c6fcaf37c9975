"use client";
import { Field, SelectField } from "@/components/ui/field";
import { decodeMessage } from "@/lib/messages/decode";
import { applyTransform } from "@/lib/messages/transform";
import type { Transform } from "@/lib/validation/jobs";

type Edit = "none" | "replace" | "json-set";

/** The move's optional edit of each message, as the form holds it. */
export interface EditDraft {
  edit: Edit;
  find: string;
  replace: string;
  path: string;
  value: string;
}

export const NO_EDIT: EditDraft = { edit: "none", find: "", replace: "", path: "", value: "" };

function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function transformOf(d: EditDraft): Transform | undefined {
  if (d.edit === "replace") return { kind: "replace", find: d.find, replace: d.replace };
  if (d.edit === "json-set") return { kind: "json-set", path: d.path, value: parseValue(d.value) as never };
  return undefined;
}

/** No edit, a text replacement, or one JSON field set to a new value. */
export function EditFields({
  value: d,
  onChange,
}: {
  value: EditDraft;
  onChange: (patch: Partial<EditDraft>) => void;
}) {
  return (
    <>
      <SelectField
        label="Edit each message"
        value={d.edit}
        onChange={(e) => onChange({ edit: e.target.value as Edit })}
      >
        <option value="none">No, copy byte for byte</option>
        <option value="replace">Replace text</option>
        <option value="json-set">Set a JSON field</option>
      </SelectField>
      {d.edit === "replace" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Find" value={d.find} onChange={(e) => onChange({ find: e.target.value })} />
          <Field label="Replace with" value={d.replace} onChange={(e) => onChange({ replace: e.target.value })} />
        </div>
      ) : d.edit === "json-set" ? (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="Field path"
            placeholder="order.status"
            value={d.path}
            onChange={(e) => onChange({ path: e.target.value })}
          />
          <Field
            label="New value (JSON or text)"
            value={d.value}
            onChange={(e) => onChange({ value: e.target.value })}
          />
        </div>
      ) : null}
    </>
  );
}

/** The edit applied to the first few peeked messages, before and after; one it cannot edit says it stays. */
export function EditPreview({
  sample,
  transform,
  source,
}: {
  sample: { text: string }[];
  transform: Transform;
  source: string;
}) {
  const preview = sample.slice(0, 3).map((m) => {
    const before = decodeMessage(m.text).text;
    try {
      return { before, after: decodeMessage(applyTransform(m.text, transform)).text };
    } catch (err) {
      return { before, after: `Left in ${source}: ${(err as Error).message}` };
    }
  });
  if (!preview.length) return null;
  return (
    <div aria-label="Preview of the edit" className="space-y-1 rounded-md bg-surface-2 p-2 font-mono text-xs">
      {preview.map((p, i) => (
        <div key={i}>
          <div className="truncate text-muted">− {p.before}</div>
          <div className="truncate">+ {p.after}</div>
        </div>
      ))}
    </div>
  );
}
