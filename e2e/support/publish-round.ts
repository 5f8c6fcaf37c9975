// Stands in for the sampler of a running Queuescope (not on this branch): reads one round of the
// queues under a prefix through lib/azure and publishes it with alert evaluation subscribed, as
// the sampling leader does, against the instance's state store; waits for the webhooks it causes.
// Run with the server's conditions: node --conditions=react-server --import tsx e2e/support/publish-round.ts <prefix> [at ms] [interval s]
import { alertDeliveriesSettled } from "@/lib/metrics/alert-engine";
import { bootAlerts } from "@/lib/metrics/boot";
import { publishSampleRound } from "@/lib/metrics/round";
import { readRound } from "../../tests/support/read-round";

const [prefix, atArg, intervalArg] = process.argv.slice(2);
if (!prefix) throw new Error("usage: publish-round.ts <queue prefix> [at ms] [interval seconds]");
// The registry logs a failing listener instead of throwing: here that fails the run.
const logError = console.error;
console.error = (...args: unknown[]) => {
  process.exitCode = 1;
  logError(...args);
};
const stop = bootAlerts();
const round = await readRound(
  prefix,
  new Date(atArg ? Number(atArg) : Date.now()),
  intervalArg ? Number(intervalArg) : 60,
);
// Tests start two of these to act at the same moment, as two instances that both think they lead.
const barrier = Number(process.env.QUEUESCOPE_ROUND_BARRIER_MS ?? 0);
if (barrier > Date.now()) await new Promise((resolve) => setTimeout(resolve, barrier - Date.now()));
await publishSampleRound(round);
await alertDeliveriesSettled();
stop();
