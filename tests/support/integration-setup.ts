import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { azuriteOfWorker } from "./azurite-of-worker";

// Every integration file starts on the default configuration: the emulator account, pointed
// at the run's Azurite. Files that test other configurations set the environment themselves.
process.env.QUEUESCOPE_EMULATOR_URL = azuriteOfWorker().url;
delete process.env.AZURE_STORAGE_CONNECTION_STRING;
delete process.env.QUEUESCOPE_ACCOUNTS;
// Queuescope's own state in the run's Azurite, under tables and a container of this file's own.
process.env.QUEUESCOPE_STATE_CONNECTION_STRING = azuriteOfWorker().state;
process.env.QUEUESCOPE_STATE_PREFIX = `qs${Math.random().toString(36).slice(2, 10).padEnd(8, "0")}`;

// Audit entries, jobs and the session key go to a folder of this test file's own, never the repo's .data.
if (!process.env.QUEUESCOPE_DATA_DIR?.includes("queuescope-it-")) {
  process.env.QUEUESCOPE_DATA_DIR = mkdtempSync(path.join(os.tmpdir(), "queuescope-it-"));
}
