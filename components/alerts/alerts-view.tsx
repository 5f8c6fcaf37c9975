"use client";
import { useSession } from "@/components/session/session-context";
import { ErrorState } from "@/components/ui/states";
import { useAlerts } from "@/lib/hooks/use-alerts";
import { AlertHistory } from "./alert-history";
import { DeliveryProblems } from "./delivery-problems";
import { FiringAlerts } from "./firing-alerts";
import { RuleList } from "./rule-list";

/** The Alerts page: firing now, failing webhooks, the rules editor (admins), recent history. */
export function AlertsView() {
  const session = useSession();
  const admin = session.user?.role === "admin";
  const alerts = useAlerts();
  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-2xl font-bold">Alerts</h1>
        <p className="text-sm text-muted">
          Rules are checked after every sampling round of an account. An alert fires once its condition has held for the
          rule&apos;s time, and resolves once it has been clear as long, so a flapping queue pages once.
        </p>
      </div>
      {alerts.isError ? (
        <ErrorState
          title="Alerts could not be read"
          message={alerts.error.message}
          onRetry={() => void alerts.refetch()}
        />
      ) : alerts.isPending ? (
        <p role="status" className="text-sm text-muted">
          Reading alerts…
        </p>
      ) : (
        <>
          <DeliveryProblems problems={alerts.data.deliveryProblems} canEdit={admin} />
          <FiringAlerts firing={alerts.data.firing} canEdit={admin} />
        </>
      )}
      {admin ? <RuleList editable={!session.readOnly} /> : null}
      {alerts.data ? <AlertHistory recent={alerts.data.recent} /> : null}
    </div>
  );
}
