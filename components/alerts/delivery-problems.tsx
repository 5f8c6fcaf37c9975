import type { AlertTransitionDto } from "@/lib/validation/alerts";
import { formatDateTime } from "@/lib/format";

/** Webhooks that did not get through: never dropped silently, and each says what to do. */
export function DeliveryProblems({ problems, canEdit }: { problems: AlertTransitionDto[]; canEdit: boolean }) {
  if (problems.length === 0) return null;
  return (
    <section
      role="alert"
      aria-labelledby="delivery-problems"
      className="rounded-lg border border-danger bg-danger-bg p-4"
    >
      <h2 id="delivery-problems" className="font-semibold text-danger">
        {problems.length === 1 ? "A webhook is failing" : `${problems.length} webhook deliveries are failing`}
      </h2>
      <ul className="mt-2 space-y-2 text-sm">
        {problems.map((t) => (
          <li key={t.id}>
            <strong>{t.ruleName}</strong> ({t.state} for {t.account}/{t.queue}) → {t.delivery.target ?? "webhook"}:{" "}
            {t.delivery.lastError ?? "not answered"} after {t.delivery.attempts}{" "}
            {t.delivery.attempts === 1 ? "attempt" : "attempts"}
            {t.delivery.status === "retrying" && t.delivery.nextRetryAt ? (
              <>
                ; next try at <time dateTime={t.delivery.nextRetryAt}>{formatDateTime(t.delivery.nextRetryAt)}</time>
              </>
            ) : (
              "; given up."
            )}
          </li>
        ))}
      </ul>
      <p className="mt-3 text-sm">
        {canEdit
          ? "Check that the receiver is up and the URL is current (Slack and Teams revoke old webhook URLs), then use “Test webhook” on the rule. The next delivery that works clears this."
          : "Ask an admin to check the rule's webhook URL and the receiver. The next delivery that works clears this."}
      </p>
    </section>
  );
}
