// npm run user:add -- <name> --role viewer|operator|admin [--password-stdin] [--remove]
// Adds or updates a local user in the users file (QUEUESCOPE_USERS_FILE, default .data/users.json)
// with a scrypt hash of the password; the password itself is never written anywhere.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { ConfigError } from "../lib/config/accounts";
import { ROLES, readUsersFile, userRecordSchema, type Role, type UserRecord } from "../lib/config/auth";
import { hashPassword, PASSWORD_MIN_LENGTH } from "../lib/security/password";

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
    (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => write.call(rl, s.startsWith(question) ? s : "");
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write("\n");
      resolve(answer);
    });
  });
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const usage = "usage: npm run user:add -- <name> --role viewer|operator|admin [--password-stdin]   (or <name> --remove)";
  if (!args.name) fail(usage);
  if (!userRecordSchema.shape.username.safeParse(args.name).success) fail(`"${args.name}" is not a valid user name: use 1-64 letters, digits, dots, underscores, @ or hyphens.`);
  const dataDir = path.resolve(process.env.QUEUESCOPE_DATA_DIR || ".data");
  const file = path.resolve(process.env.QUEUESCOPE_USERS_FILE || path.join(dataDir, "users.json"));
  let users: UserRecord[];
  try {
    users = readUsersFile(file, { readFile: (p) => readFileSync(p, "utf8"), exists: existsSync });
  } catch (err) {
    fail(err instanceof ConfigError ? err.message : String(err));
  }
  const others = users.filter((u) => u.username.toLowerCase() !== args.name.toLowerCase());
  let message: string;
  if (args.remove) {
    if (others.length === users.length) fail(`there is no user "${args.name}" in ${file}.`);
    message = `removed ${args.name}; their sessions end on their next request.`;
  } else {
    if (!ROLES.includes(args.role as Role)) fail(`say which role with --role viewer, --role operator or --role admin.\n${usage}`);
    let password: string;
    if (args.stdin) password = await readStdin();
    else {
      if (!process.stdin.isTTY) fail("no terminal to ask for the password on: pipe it in with --password-stdin.");
      password = await prompt(`Password for ${args.name}: `);
      if ((await prompt("Again: ")) !== password) fail("the passwords differ; nothing was changed.");
    }
    if (password.length < PASSWORD_MIN_LENGTH) fail(`the password must have at least ${PASSWORD_MIN_LENGTH} characters; nothing was changed.`);
    if (password.length > 1024) fail("the password must have at most 1024 characters; nothing was changed.");
    others.push({ username: args.name, role: args.role as Role, passwordHash: await hashPassword(password) });
    message = `${others.length === users.length ? "updated" : "added"} ${args.name} (${args.role}).`;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify({ users: others }, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  console.log(`user:add: ${message} Users file: ${file}. A running Queuescope picks changes up at once; after adding the first user, restart it so sign-in is required.`);
}

void main();
