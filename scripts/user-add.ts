// npm run user:add -- <name> --role viewer|operator|admin [--password-stdin] [--remove]
// Adds, updates or removes a local user in the state store (the "users" table) with a scrypt hash
// of the password; the password itself is never written anywhere. The store is the one configured
// (QUEUESCOPE_STATE_CONNECTION_STRING / _ACCOUNT_URL), else the embedded emulator's: through a
// running `npm start` when there is one (its lock file names it), else started here on the same
// data folder for the write and stopped again. Runs with the react-server condition (lib/auth).
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { loadAuthConfig, ROLES, userRecordSchema, type Role } from "../lib/config/auth";
import { hashPassword, PASSWORD_MIN_LENGTH } from "../lib/security/password";
import { startAzurite, type AzuriteProcess } from "./lib/azurite";

function fail(message: string): never {
  console.error(`user:add: ${message}`);
  process.exit(2);
}

function parseArgs(argv: string[]) {
  const args = { name: "", role: "" as Role | "", stdin: false, remove: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--role") args.role = (argv[++i] ?? "") as Role;
    else if (a.startsWith("--role=")) args.role = a.slice(7) as Role;
    else if (a === "--password-stdin") args.stdin = true;
    else if (a === "--remove") args.remove = true;
    else if (!a.startsWith("--") && !args.name) args.name = a;
    else fail(`unknown argument "${a}".`);
  }
  return args;
}

async function readStdin(): Promise<string> {
  let text = "";
  for await (const chunk of process.stdin) text += chunk;
  return text.replace(/\r?\n$/, "");
}

/** Reads a line from the terminal without echoing it. */
function prompt(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput;
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) =>
      write.call(rl, s.startsWith(question) ? s : "");
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

function isAlive(pid: unknown): boolean {
  if (typeof pid !== "number") return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Points this process at a state store; answers the emulator it started, if it had to. */
async function connectStateStore(dataDir: string): Promise<AzuriteProcess | undefined> {
  if (process.env.QUEUESCOPE_STATE_CONNECTION_STRING || process.env.QUEUESCOPE_STATE_ACCOUNT_URL) return undefined;
  const lockFile = path.join(dataDir, "queuescope.lock.json");
  if (existsSync(lockFile)) {
    let lock: { pid?: number; stateConnectionString?: string } = {};
    try {
      lock = JSON.parse(readFileSync(lockFile, "utf8"));
    } catch {
      // unreadable: a stale lock
    }
    if (isAlive(lock.pid)) {
      if (!lock.stateConnectionString) {
        fail(
          `Queuescope is running (pid ${lock.pid}) but its lock file names no embedded state store: it is still starting, or uses a configured one. Try again in a moment, or set QUEUESCOPE_STATE_CONNECTION_STRING as for that instance.`,
        );
      }
      process.env.QUEUESCOPE_STATE_CONNECTION_STRING = lock.stateConnectionString;
      return undefined;
    }
  }
  // Keys, sessions and audit live here: the owner only, like the start script makes it.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const azurite = await startAzurite({ location: path.join(dataDir, "azurite") });
  process.env.QUEUESCOPE_STATE_CONNECTION_STRING = azurite.stateConnectionString;
  return azurite;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const usage =
    "usage: npm run user:add -- <name> --role viewer|operator|admin [--password-stdin]   (or <name> --remove)";
  if (!args.name) fail(usage);
  if (!userRecordSchema.shape.username.safeParse(args.name).success)
    fail(`"${args.name}" is not a valid user name: use 1-64 letters, digits, dots, underscores, @ or hyphens.`);
  let password = "";
  if (!args.remove) {
    if (!ROLES.includes(args.role as Role))
      fail(`say which role with --role viewer, --role operator or --role admin.\n${usage}`);
    if (args.stdin) password = await readStdin();
    else {
      if (!process.stdin.isTTY) fail("no terminal to ask for the password on: pipe it in with --password-stdin.");
      password = await prompt(`Password for ${args.name}: `);
      if ((await prompt("Again: ")) !== password) fail("the passwords differ; nothing was changed.");
    }
    if (password.length < PASSWORD_MIN_LENGTH)
      fail(`the password must have at least ${PASSWORD_MIN_LENGTH} characters; nothing was changed.`);
    if (password.length > 1024) fail("the password must have at most 1024 characters; nothing was changed.");
  }
  const config = loadAuthConfig({ env: process.env });
  const azurite = await connectStateStore(config.dataDir);
  let code = 0;
  try {
    // Loaded once the store is known: server-only modules, and they read the environment when called.
    const { importLegacyFiles } = await import("../lib/auth/import-legacy");
    const { putLocalUser, removeLocalUser } = await import("../lib/auth/users");
    // A users file of an earlier version goes into the store first, so this change applies on top of it.
    await importLegacyFiles(config);
    if (args.remove) {
      if (!(await removeLocalUser(args.name))) throw new Error(`there is no user "${args.name}".`);
      console.log(`user:add: removed ${args.name}; their sessions end on their next request.`);
    } else {
      const done = await putLocalUser({
        username: args.name,
        role: args.role as Role,
        passwordHash: await hashPassword(password),
      });
      console.log(
        `user:add: ${done} ${args.name} (${args.role}) in the state store. A running Queuescope applies changes at once; after adding the first user, restart it so sign-in is required.`,
      );
    }
  } catch (err) {
    console.error(`user:add: ${err instanceof Error ? err.message : String(err)}`);
    code = 2;
  } finally {
    await azurite?.stop();
  }
  process.exit(code);
}

void main();
