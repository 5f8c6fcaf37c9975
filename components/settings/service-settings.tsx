"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Panel } from "@/components/ui/panel";
import { ErrorState } from "@/components/ui/states";
import { queryKeys } from "@/lib/hooks/query-keys";
import { useSaveServiceProperties, useServiceProperties } from "@/lib/hooks/use-service";
import { useUnsavedChanges } from "@/lib/hooks/use-unsaved-changes";
import { changedSections, diffProperties } from "@/lib/settings/diff";
import type { AccountDto } from "@/lib/validation/accounts";
import { issueAt } from "@/lib/validation/field-errors";
import { servicePropertiesSchema, type ServiceProperties } from "@/lib/validation/service";
import { LoggingFields, MetricsFields } from "./analytics-fields";
import { CorsEditor, toDraft, toRule, type RuleDraft } from "./cors-editor";
import { DiffDialog } from "./diff-dialog";
import { StatsPanel } from "./stats-panel";

type Draft = Omit<ServiceProperties, "cors"> & { cors: RuleDraft[] };

function withoutVersion<T extends { version?: unknown }>(p: T): Omit<T, "version"> {
  const { version: _version, ...rest } = p;
  return rest;
}

export function ServiceSettings({ account }: { account: AccountDto }) {
  const props = useServiceProperties(account.id);
  const save = useSaveServiceProperties(account.id);
  const client = useQueryClient();
  const [edited, setEdited] = useState<Draft | null>(null);
  const [reviewing, setReviewing] = useState(false);
  useUnsavedChanges(
    edited !== null &&
      !!props.data &&
      JSON.stringify(edited) !== JSON.stringify({ ...withoutVersion(props.data), cors: props.data.cors.map(toDraft) }),
  );
  if (props.error)
    return (
      <ErrorState
        title="Could not read the service settings"
        message={props.error.message}
        onRetry={() => void props.refetch()}
      />
    );
  if (!props.data)
    return (
      <p role="status" aria-busy="true" className="text-muted">
        Reading the service settings…
      </p>
    );

  const { version, ...saved } = props.data;
  const draft: Draft = edited ?? { ...saved, cors: saved.cors.map(toDraft) };
  const parsed = servicePropertiesSchema.safeParse({ ...draft, cors: draft.cors.map(toRule) });
  const issue = (...path: (string | number)[]) => issueAt(parsed.error, ...path);
  const changes = parsed.success ? diffProperties(saved, parsed.data) : [];
  const conflict = save.error?.code === "properties_changed";
  const set = (patch: Partial<Draft>) => setEdited({ ...draft, ...patch });
  const submit = (withVersion: boolean) => {
    if (!parsed.success) return;
    const sections = Object.fromEntries(changedSections(saved, parsed.data).map((s) => [s, parsed.data[s]]));
    save.mutate(
      { ...sections, ...(withVersion ? { version } : {}) },
      {
        onSuccess: () => {
          setEdited(null);
          setReviewing(false);
        },
        // A save made in between: close the preview and ask (the alert below) instead of overwriting.
        onError: (err) => {
          if (err.code === "properties_changed") setReviewing(false);
        },
      },
    );
  };

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">Queue service settings</h1>
          <p className="text-sm text-muted">
            {!account.can.admin
              ? (account.readOnlyReason ?? "Changing settings needs the admin role: they are shown, not editable.")
              : "CORS, logging and metrics of the queue service for this account."}
          </p>
        </div>
        {!account.can.admin ? null : (
          <div className="flex gap-2">
            <Button
              onClick={() => {
                setEdited(null);
                save.reset();
              }}
              disabled={!edited}
            >
              Discard changes
            </Button>
            <Button
              variant="primary"
              disabled={!changes.length || !parsed.success}
              onClick={() => {
                save.reset();
                setReviewing(true);
              }}
            >
              Review and save{changes.length ? ` (${changes.length})` : ""}
            </Button>
          </div>
        )}
      </div>
      {conflict && !reviewing ? (
        <div role="alert" className="space-y-2 rounded-md border border-warn bg-warn-bg p-3 text-sm">
          <p>
            <strong>Someone saved these settings after you opened them.</strong> Your edits are still here; nothing was
            written.
          </p>
          <div className="flex gap-2">
            <Button
              onClick={() => {
                setEdited(null);
                save.reset();
                void client.invalidateQueries({ queryKey: queryKeys.service.properties(account.id) });
              }}
            >
              Discard mine and load theirs
            </Button>
            <Button variant="danger" onClick={() => submit(false)}>
              Save mine over theirs
            </Button>
          </div>
        </div>
      ) : null}
      <Panel title={`CORS rules (${draft.cors.length} of 5)`}>
        <CorsEditor
          rules={draft.cors}
          onChange={(cors) => set({ cors })}
          errorAt={(i, f) => issue("cors", i, f)}
          readOnly={!account.can.admin}
        />
        {issue("cors") && !draft.cors.some((_, i) => issue("cors", i)) ? (
          <p role="alert" className="mt-2 text-sm text-danger">
            {issue("cors")}
          </p>
        ) : null}
      </Panel>
      <Panel title="Logging and metrics">
        <div className="grid gap-6 md:grid-cols-3">
          <LoggingFields
            value={draft.logging}
            onChange={(logging) => set({ logging })}
            error={issue("logging", "retentionDays")}
            readOnly={!account.can.admin}
          />
          <MetricsFields
            label="Hour metrics"
            value={draft.hourMetrics}
            onChange={(hourMetrics) => set({ hourMetrics })}
            errors={(f) => issue("hourMetrics", f)}
            readOnly={!account.can.admin}
          />
          <MetricsFields
            label="Minute metrics"
            value={draft.minuteMetrics}
            onChange={(minuteMetrics) => set({ minuteMetrics })}
            errors={(f) => issue("minuteMetrics", f)}
            readOnly={!account.can.admin}
          />
        </div>
      </Panel>
      <StatsPanel account={account.id} />
      <DiffDialog
        open={reviewing}
        changes={changes}
        onClose={() => setReviewing(false)}
        onConfirm={() => submit(true)}
        saving={save.isPending}
        error={conflict ? undefined : save.error?.message}
      />
    </div>
  );
}
