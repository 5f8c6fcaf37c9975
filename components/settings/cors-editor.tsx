"use client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { CORS_METHODS, type CorsRule } from "@/lib/validation/service";

export interface RuleDraft {
  origins: string;
  methods: string[];
  allowedHeaders: string;
  exposedHeaders: string;
  maxAge: string;
}

const split = (s: string) => s.split(/[\s,]+/).filter(Boolean);
export const toDraft = (r: CorsRule): RuleDraft => ({
  origins: r.allowedOrigins.join(", "),
  methods: r.allowedMethods,
  allowedHeaders: r.allowedHeaders.join(", "),
  exposedHeaders: r.exposedHeaders.join(", "),
  maxAge: String(r.maxAgeInSeconds),
});
export const toRule = (d: RuleDraft) => ({
  allowedOrigins: split(d.origins),
  allowedMethods: d.methods,
  allowedHeaders: split(d.allowedHeaders),
  exposedHeaders: split(d.exposedHeaders),
  maxAgeInSeconds: d.maxAge === "" ? NaN : Number(d.maxAge),
});

interface Props {
  rules: RuleDraft[];
  onChange: (rules: RuleDraft[]) => void;
  errorAt: (index: number, field: string) => string | undefined;
  readOnly: boolean;
}

/** Up to five rules; each error is shown next to the field it is about. */
export function CorsEditor({ rules, onChange, errorAt, readOnly }: Props) {
  const set = (i: number, patch: Partial<RuleDraft>) =>
    onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div className="space-y-3">
      {rules.length === 0 ? (
        <p className="text-sm text-muted">No CORS rules: browsers on other sites cannot call this queue service.</p>
      ) : null}
      {rules.map((r, i) => (
        <fieldset key={i} disabled={readOnly} className="grid gap-3 rounded-md border border-border p-3 md:grid-cols-2">
          <legend className="px-1 text-sm font-medium">Rule {i + 1}</legend>
          <Field
            label="Allowed origins (comma-separated, or *)"
            value={r.origins}
            onChange={(e) => set(i, { origins: e.target.value })}
            error={errorAt(i, "allowedOrigins")}
            className="md:col-span-2"
          />
          <fieldset className="md:col-span-2">
            <legend className="mb-1 text-sm font-medium">Allowed methods</legend>
            <div className="flex flex-wrap gap-x-4 gap-y-1">
              {CORS_METHODS.map((m) => (
                <label key={m} className="flex items-center gap-1.5 text-sm">
                  <input
                    type="checkbox"
                    className="size-4"
                    checked={r.methods.includes(m)}
                    onChange={(e) =>
                      set(i, {
                        methods: CORS_METHODS.filter((x) => (x === m ? e.target.checked : r.methods.includes(x))),
                      })
                    }
                  />
                  {m}
                </label>
              ))}
            </div>
            {errorAt(i, "allowedMethods") ? (
              <p className="mt-1 text-xs text-danger">{errorAt(i, "allowedMethods")}</p>
            ) : null}
          </fieldset>
          <Field
            label="Allowed headers"
            hint="Literal names or prefixes such as x-ms-meta-*"
            value={r.allowedHeaders}
            onChange={(e) => set(i, { allowedHeaders: e.target.value })}
            error={errorAt(i, "allowedHeaders")}
          />
          <Field
            label="Exposed headers"
            value={r.exposedHeaders}
            onChange={(e) => set(i, { exposedHeaders: e.target.value })}
            error={errorAt(i, "exposedHeaders")}
          />
          <Field
            label="Max age (s)"
            type="number"
            min={0}
            value={r.maxAge}
            onChange={(e) => set(i, { maxAge: e.target.value })}
            error={errorAt(i, "maxAgeInSeconds")}
          />
          {readOnly ? null : (
            <Button
              className="self-end justify-self-end"
              aria-label={`Remove rule ${i + 1}`}
              onClick={() => onChange(rules.filter((_, j) => j !== i))}
            >
              Remove rule
            </Button>
          )}
        </fieldset>
      ))}
      {readOnly ? null : (
        <Button
          disabled={rules.length >= 5}
          title={rules.length >= 5 ? "The service allows at most 5 rules" : undefined}
          onClick={() =>
            onChange([...rules, { origins: "", methods: ["GET"], allowedHeaders: "", exposedHeaders: "", maxAge: "0" }])
          }
        >
          + Add rule
        </Button>
      )}
    </div>
  );
}
