"use client";
import { Field } from "@/components/ui/field";
import { Panel } from "@/components/ui/panel";
import type { ServiceProperties } from "@/lib/validation/service";

type Logging = ServiceProperties["logging"];
type Metrics = ServiceProperties["hourMetrics"];

const daysValue = (d: number | null) => (d === null ? "" : String(d));
const toDays = (s: string) => (s === "" ? null : Number(s));

function Check({
  label,
  checked,
  onChange,
  disabled,
}: {
  label: string;
  checked: boolean;
  onChange: (v: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <label className="flex items-center gap-1.5 text-sm">
      <input
        type="checkbox"
        className="size-4"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      {label}
    </label>
  );
}

export function LoggingFields({
  value,
  onChange,
  error,
  readOnly,
}: {
  value: Logging;
  onChange: (v: Logging) => void;
  error?: string;
  readOnly: boolean;
}) {
  return (
    <fieldset disabled={readOnly} className="space-y-2">
      <legend className="mb-1 font-medium">Logging</legend>
      <div className="flex flex-wrap gap-4">
        <Check label="Read requests" checked={value.read} onChange={(read) => onChange({ ...value, read })} />
        <Check label="Write requests" checked={value.write} onChange={(write) => onChange({ ...value, write })} />
        <Check label="Delete requests" checked={value.delete} onChange={(d) => onChange({ ...value, delete: d })} />
      </div>
      <Field
        label="Log retention, days (empty: off)"
        type="number"
        min={1}
        max={365}
        value={daysValue(value.retentionDays)}
        onChange={(e) => onChange({ ...value, retentionDays: toDays(e.target.value) })}
        error={error}
        className="w-60"
      />
    </fieldset>
  );
}

export function MetricsFields({
  label,
  value,
  onChange,
  errors,
  readOnly,
}: {
  label: string;
  value: Metrics;
  onChange: (v: Metrics) => void;
  errors: (f: string) => string | undefined;
  readOnly: boolean;
}) {
  return (
    <fieldset disabled={readOnly} className="space-y-2">
      <legend className="mb-1 font-medium">{label}</legend>
      <div className="flex flex-wrap gap-4">
        <Check
          label={`${label} enabled`}
          checked={value.enabled}
          onChange={(enabled) => onChange({ ...value, enabled, includeApis: enabled && value.includeApis })}
        />
        <Check
          label={`${label}: include APIs`}
          checked={value.includeApis}
          disabled={!value.enabled}
          onChange={(includeApis) => onChange({ ...value, includeApis })}
        />
      </div>
      {errors("includeApis") ? <p className="text-xs text-danger">{errors("includeApis")}</p> : null}
      <Field
        label={`${label} retention, days (empty: off)`}
        type="number"
        min={1}
        max={365}
        value={daysValue(value.retentionDays)}
        onChange={(e) => onChange({ ...value, retentionDays: toDays(e.target.value) })}
        error={errors("retentionDays")}
        className="w-60"
      />
    </fieldset>
  );
}

type Analytics = Pick<ServiceProperties, "logging" | "hourMetrics" | "minuteMetrics">;

/** Logging and both metrics sections side by side, each error next to its field. */
export function AnalyticsPanel({
  value,
  onChange,
  issue,
  readOnly,
}: {
  value: Analytics;
  onChange: (patch: Partial<Analytics>) => void;
  issue: (...path: string[]) => string | undefined;
  readOnly: boolean;
}) {
  return (
    <Panel title="Logging and metrics">
      <div className="grid gap-6 md:grid-cols-3">
        <LoggingFields
          value={value.logging}
          onChange={(logging) => onChange({ logging })}
          error={issue("logging", "retentionDays")}
          readOnly={readOnly}
        />
        {(["hourMetrics", "minuteMetrics"] as const).map((key) => (
          <MetricsFields
            key={key}
            label={key === "hourMetrics" ? "Hour metrics" : "Minute metrics"}
            value={value[key]}
            onChange={(metrics) => onChange({ [key]: metrics })}
            errors={(f) => issue(key, f)}
            readOnly={readOnly}
          />
        ))}
      </div>
    </Panel>
  );
}
