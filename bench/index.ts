// `npm run bench`: speed and memory figures against the raw SDK, measured in the same run.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildIfNeeded } from "../scripts/lib/build";
import { benchAuth } from "./auth";
import { benchLoad } from "./load";
import { benchMessages } from "./messages";
import { benchMoves } from "./moves";
import { benchQueues } from "./queues";
import { benchScan } from "./scan";
import { benchSampler } from "./sampler";
import { root } from "./support";

const only = process.argv[2];
buildIfNeeded(root);
const results: Record<string, unknown> = {};
if (!only || only === "queues") results.queues = await benchQueues();
if (!only || only === "messages") results.messages = await benchMessages();
if (!only || only === "moves") results.moves = await benchMoves();
if (!only || only === "auth") results.auth = await benchAuth();
if (!only || only === "load") results.load = await benchLoad();
if (!only || only === "scan") results.scan = await benchScan();
if (!only || only === "sampler") results.sampler = await benchSampler();

const dir = path.join(root, "bench", "results");
mkdirSync(dir, { recursive: true });
const file = path.join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nResults written to ${path.relative(root, file)}`);
