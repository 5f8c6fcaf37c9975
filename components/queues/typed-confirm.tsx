"use client";
import { Field } from "@/components/ui/field";

/** The field a destructive dialog waits on: the user types `phrase`; below it, why the last try failed. */
export function TypedConfirm({
  phrase,
  value,
  onChange,
  error,
}: {
  phrase: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
}) {
  return (
    <>
      <Field
        label={
          <>
            Type <span className="font-mono">{phrase}</span> to confirm
          </>
        }
        value={value}
        autoFocus
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value)}
      />
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </>
  );
}
