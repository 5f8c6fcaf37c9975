// `npm run seed [accountUrl]`: writes the demo queues into an emulator account (default: local Azurite).
import { DEFAULT_EMULATOR_URL } from "../lib/config/accounts";
import { seedDemo } from "./lib/seed";

const url = process.argv[2] ?? process.env.QUEUESCOPE_EMULATOR_URL ?? DEFAULT_EMULATOR_URL;
await seedDemo(url);
console.log(`Seeded demo queues into ${url}`);
