import { useId, type InputHTMLAttributes, type ReactNode } from "react";

const inputClass = "w-full rounded-md border bg-surface px-2.5 py-1.5 text-sm text-fg placeholder:text-muted aria-[invalid=true]:border-danger";

/** A labelled input whose error is announced and tied to it with aria-describedby. */
export function Field({ label, error, hint, className = "", ...input }: InputHTMLAttributes<HTMLInputElement> & { label: ReactNode; error?: string; hint?: ReactNode }) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <input id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy} className={`${inputClass} border-border`} {...input} />
      {hint ? <p id={`${id}-hint`} className="mt-1 text-xs text-muted">{hint}</p> : null}
      {error ? <p id={`${id}-error`} className="mt-1 text-xs text-danger">{error}</p> : null}
    </div>
  );
}

export { inputClass };
