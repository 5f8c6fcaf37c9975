import { inject } from "vitest";

// Every integration file starts on the default configuration: the emulator account, pointed
// at the run's Azurite. Files that test other configurations set the environment themselves.
process.env.QUEUESCOPE_EMULATOR_URL = inject("azuriteUrl");
delete process.env.AZURE_STORAGE_CONNECTION_STRING;
delete process.env.QUEUESCOPE_ACCOUNTS;
