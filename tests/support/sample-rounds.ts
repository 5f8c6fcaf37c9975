// Publishing sample rounds read from real queues (see read-round.ts) the way the sampler does, and
// a harness for alert tests: a webhook receiver, evaluation subscribed, rules cleaned up.
import { publishSampleRound, type SampleRound } from "@/lib/metrics/round";
import { readRound } from "./read-round";
import { afterAll, afterEach, beforeAll } from "vitest";
import { AppError } from "@/lib/api/error-codes";
import { alertDeliveriesSettled, configureAlerts, type AlertSettings } from "@/lib/metrics/alert-engine";
import { createAlertRule, type AlertRule } from "@/lib/metrics/alert-rules";
import { removeAlertRule } from "@/lib/metrics/alerts";
import { bootAlerts } from "@/lib/metrics/boot";
import { alertRuleInputSchema, type AlertRuleInput } from "@/lib/validation/alerts";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver";

/**
 * Publishes a round as the sampler does and waits for the webhooks it caused. The registry logs a
 * failing listener instead of throwing; here that failure fails the test.
 */
export async function publish(round: SampleRound): Promise<SampleRound> {
  const failures: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => void failures.push(args);
  try {
    await publishSampleRound(round);
    await alertDeliveriesSettled();
  } finally {
    console.error = original;
  }
  if (failures.length)
    throw new Error(`a sample-round listener failed: ${failures.map((f) => f.map(String).join(" ")).join("; ")}`);
  return round;
}

/** Reads a round at `at` and publishes it. */
export async function publishRoundAt(prefix: string, at: Date, intervalSeconds = 5): Promise<SampleRound> {
  return publish(await readRound(prefix, at, intervalSeconds));
}

export interface AlertHarness {
  receiver: WebhookReceiver;
  /** Creates a rule on the emulator account, webhook to the receiver unless given; deleted after the test. */
  rule(input: Omit<AlertRuleInput, "account" | "webhookUrl"> & { webhookUrl?: string }): Promise<AlertRule>;
}

/**
 * For a test file: a webhook receiver, alert evaluation subscribed as at boot, these settings
 * (restored after each test), and each test's rules removed after it, so they never see the next
 * test's rounds.
 */
export function alertHarness(settings: Partial<AlertSettings>): AlertHarness {
  let stop = () => undefined as void;
  const rules: string[] = [];
  const harness: AlertHarness = {
    receiver: undefined as unknown as WebhookReceiver,
    async rule(input) {
      const created = await createAlertRule(
        alertRuleInputSchema.parse({ account: "local", webhookUrl: harness.receiver.url, ...input }),
      );
      rules.push(created.id);
      return created;
    },
  };
  beforeAll(async () => {
    harness.receiver = await startWebhookReceiver();
    configureAlerts(settings);
    stop = bootAlerts();
  });
  afterAll(async () => {
    stop();
    configureAlerts({});
    await harness.receiver.close();
  });
  afterEach(async () => {
    configureAlerts(settings);
    await alertDeliveriesSettled();
    for (const id of rules.splice(0)) {
      await removeAlertRule(id).catch((err: unknown) => {
        if (!(err instanceof AppError && err.code === "not_found")) throw err; // the test deleted it itself
      });
    }
    harness.receiver.answer("ok");
  });
  return harness;
}

export { readRound };
