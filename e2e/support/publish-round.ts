// Stands in for the sampler of a running Queuescope (not on this branch): reads one round of the
// queues under a prefix through lib/azure and publishes it with alert evaluation subscribed, as
// the sampling leader does, against the instance's state store; waits for the webhooks it causes.
// Run with the server's conditions: node --conditions=react-server --import tsx e2e/support/publish-round.ts <prefix>
import { alertDeliveriesSettled } from "@/lib/metrics/alert-engine";
import { bootAlerts } from "@/lib/metrics/boot";
import { publishSampleRound } from "@/lib/metrics/round";
import { readRound } from "../../tests/support/read-round";

const [prefix, atArg] = process.argv.slice(2);
if (!prefix) throw new Error("usage: publish-round.ts <queue prefix> [at ms]");
// The registry logs a failing listener instead of throwing: here that fails the run.
const logError = console.error;
console.error = (...args: unknown[]) => {
  process.exitCode = 1;
  logError(...args);
};
const stop = bootAlerts();
await publishSampleRound(await readRound(prefix, new Date(atArg ? Number(atArg) : Date.now()), 60));
await alertDeliveriesSettled();
stop();
