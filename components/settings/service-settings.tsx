"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Panel } from "@/components/ui/panel";
import { ErrorState } from "@/components/ui/states";
import { queryKeys } from "@/lib/hooks/query-keys";
import { useSaveServiceProperties, useServiceProperties } from "@/lib/hooks/use-service";
import { useUnsavedChanges } from "@/lib/hooks/use-unsaved-changes";
import { changedSections, diffProperties } from "@/lib/settings/diff";
import type { AccountDto } from "@/lib/validation/accounts";
import { issueAt } from "@/lib/validation/field-errors";
import { servicePropertiesSchema, type ServiceProperties } from "@/lib/validation/service";
import { AnalyticsPanel } from "./analytics-fields";
import { CorsEditor, toDraft, toRule, type RuleDraft } from "./cors-editor";
import { DiffDialog } from "./diff-dialog";
import { SaveConflict } from "./save-conflict";
import { SettingsHeader } from "./settings-header";
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
      <SettingsHeader
        account={account}
        changes={changes.length}
        canDiscard={!!edited}
        canReview={changes.length > 0 && parsed.success}
        onDiscard={() => {
          setEdited(null);
          save.reset();
        }}
        onReview={() => {
          save.reset();
          setReviewing(true);
        }}
      />
      {conflict && !reviewing ? (
        <SaveConflict
          onTheirs={() => {
            setEdited(null);
            save.reset();
            void client.invalidateQueries({ queryKey: queryKeys.service.properties(account.id) });
          }}
          onMine={() => submit(false)}
        />
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
      <AnalyticsPanel value={draft} onChange={set} issue={issue} readOnly={!account.can.admin} />
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
