import { readFileSync } from "node:fs";
import { ConfigError, loadAccountConfigs } from "./accounts";
import { leaseSeconds, sampleIntervalSeconds, stallMinutes } from "./sampling";

export function validateConfigurationOrExit(): void {
  try {
    loadAccountConfigs({ env: process.env, readFile: (p) => readFileSync(p, "utf8") });
    sampleIntervalSeconds(process.env);
    stallMinutes(process.env);
    leaseSeconds(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`Queuescope: invalid configuration: ${err.message}`);
    process.exit(1);
  }
}
