import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from "react";

const inputClass =
  "w-full rounded-md border bg-surface px-2.5 py-1.5 text-sm text-fg placeholder:text-muted aria-[invalid=true]:border-danger";

interface Framing {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  className?: string;
}

/** Label above, hint and error below, tied to the control with aria-describedby: every form field's frame. */
function FieldFrame({
  label,
  error,
  hint,
  className = "",
  control,
}: Framing & { control: (a11y: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode }) {
  const id = useId();
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      {control({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-danger">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled input whose error is announced and tied to it with aria-describedby. */
export function Field({
  label,
  error,
  hint,
  className,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, "className"> & Framing) {
  return (
    <FieldFrame
      label={label}
      error={error}
      hint={hint}
      className={className}
      control={(a11y) => <input {...a11y} className={`${inputClass} border-border`} {...input} />}
    />
  );
}

/** A labelled native select (keyboard and screen readers for free) with the same look and error wiring as Field: `options`, or `<option>` children. */
export function SelectField({
  label,
  error,
  hint,
  className,
  options,
  children,
  ...select
}: Omit<SelectHTMLAttributes<HTMLSelectElement>, "className"> &
  Framing & { options?: { value: string; label: string }[] }) {
  return (
    <FieldFrame
      label={label}
      error={error}
      hint={hint}
      className={className}
      control={(a11y) => (
        <select {...a11y} className={`${inputClass} border-border`} {...select}>
          {options?.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
          {children}
        </select>
      )}
    />
  );
}

export { inputClass };
