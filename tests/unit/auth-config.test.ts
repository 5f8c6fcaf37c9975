import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "@/lib/config/accounts";
import { loadAuthConfig, readUsersFile, roleFor } from "@/lib/config/auth";

const DATA = path.resolve("/srv/queuescope");
const USERS = path.join(DATA, "users.json");
const HASH = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

/** `store.hasUsers`: what the server found in the state store at start. */
const load = (env: Record<string, string>, store: { hasUsers?: boolean } = {}) =>
  loadAuthConfig({ env: env as NodeJS.ProcessEnv, hasUsers: store.hasUsers });
const users = (list: unknown[]) => ({ hasUsers: list.length > 0 });
const alice = { username: "alice", role: "admin", passwordHash: HASH };
const OIDC = {
  QUEUESCOPE_OIDC_ISSUER: "https://login.microsoftonline.com/tenant/v2.0",
  QUEUESCOPE_OIDC_CLIENT_ID: "client-id",
  QUEUESCOPE_OIDC_CLIENT_SECRET: "client-secret",
  QUEUESCOPE_OIDC_ROLES: '{"admin":["Queuescope.Admin"],"viewer":["Queuescope.Reader"]}',
};
const PROXY = {
  QUEUESCOPE_PROXY_USER_HEADER: "X-MS-CLIENT-PRINCIPAL-NAME",
  QUEUESCOPE_PROXY_ROLES: '{"operator":["ops@example.com"]}',
};
const base = { QUEUESCOPE_DATA_DIR: DATA };

function expectConfigError(fn: () => unknown, ...fragments: string[]) {
  let error: unknown;
  try {
    fn();
  } catch (err) {
    error = err;
  }
  expect(error, "expected a ConfigError").toBeInstanceOf(ConfigError);
  for (const f of fragments) expect((error as Error).message).toContain(f);
}

describe("loadAuthConfig modes", () => {
  it("is local with defaults when nothing is configured", () => {
    expect(load({})).toEqual({
      mode: "local",
      usersFile: path.resolve(".data/users.json"),
      hasUsers: false,
      oidc: undefined,
      proxy: undefined,
      sessionSeconds: 8 * 3600,
      sessionSecret: undefined,
      readOnly: false,
      dataDir: path.resolve(".data"),
    });
  });

  it("names the users file of earlier versions (imported at start) in the data folder, or where QUEUESCOPE_USERS_FILE says", () => {
    expect(load(base).usersFile).toBe(USERS);
    const elsewhere = path.resolve("/etc/qs/people.json");
    expect(load({ ...base, QUEUESCOPE_USERS_FILE: elsewhere }).usersFile).toBe(elsewhere);
  });

  it("stays local without users in the state store, and signs in with one", () => {
    expect(load(base, users([])).mode).toBe("local");
    expect(load(base, users([alice]))).toMatchObject({ mode: "sign-in", hasUsers: true });
  });

  it("signs in with OIDC alone, with a default label and a normalised public URL", () => {
    const config = load({ ...base, ...OIDC, QUEUESCOPE_PUBLIC_URL: "https://qs.example.com/" });
    expect(config.mode).toBe("sign-in");
    expect(config.hasUsers).toBe(false);
    expect(config.oidc).toEqual({
      issuer: OIDC.QUEUESCOPE_OIDC_ISSUER,
      clientId: "client-id",
      clientSecret: "client-secret",
      roles: { admin: ["Queuescope.Admin"], viewer: ["Queuescope.Reader"] },
      label: "Sign in with Microsoft",
      publicUrl: "https://qs.example.com",
    });
    expect(load({ ...base, ...OIDC, QUEUESCOPE_OIDC_LABEL: "  Sign in with Contoso  " }).oidc?.label).toBe(
      "Sign in with Contoso",
    );
  });

  it("offers OIDC and local users together", () => {
    expect(load({ ...base, ...OIDC }, users([alice]))).toMatchObject({
      mode: "sign-in",
      hasUsers: true,
      oidc: { clientId: "client-id" },
    });
  });

  it("trusts a proxy header, lower-cased, with an optional default role and sign-out URL", () => {
    const config = load({
      ...base,
      ...PROXY,
      QUEUESCOPE_PROXY_GROUPS_HEADER: "X-Groups",
      QUEUESCOPE_PROXY_DEFAULT_ROLE: "viewer",
      QUEUESCOPE_PROXY_SIGN_OUT_URL: "/.auth/logout",
    });
    expect(config.mode).toBe("proxy");
    expect(config.proxy).toEqual({
      userHeader: "x-ms-client-principal-name",
      groupsHeader: "x-groups",
      roles: { operator: ["ops@example.com"] },
      defaultRole: "viewer",
      signOutUrl: "/.auth/logout",
    });
    expect(
      load({ ...base, QUEUESCOPE_PROXY_USER_HEADER: "x-user", QUEUESCOPE_PROXY_DEFAULT_ROLE: "operator" }).proxy,
    ).toMatchObject({ roles: {}, defaultRole: "operator" });
  });

  it.each([
    ["1", true],
    ["true", true],
    [" YES ", true],
    ["on", true],
    ["0", false],
    ["false", false],
    ["", false],
    ["enabled", false],
  ])("reads QUEUESCOPE_READ_ONLY=%j as %s", (value, readOnly) => {
    expect(load({ QUEUESCOPE_READ_ONLY: value }).readOnly).toBe(readOnly);
  });

  it.each([
    ["1", 1],
    [" 60 ", 60],
    ["2592000", 2592000],
  ])("accepts a session TTL of %j", (ttl, seconds) => {
    expect(load({ QUEUESCOPE_SESSION_TTL: ttl }).sessionSeconds).toBe(seconds);
  });

  it("keeps a configured session secret of 32 characters or more", () => {
    expect(load({ QUEUESCOPE_SESSION_SECRET: "s".repeat(32) }).sessionSecret).toBe("s".repeat(32));
  });
});

describe("loadAuthConfig errors", () => {
  it.each(["0", "-1", "1.5", "abc", "2592001", "1e9", "8h"])("refuses QUEUESCOPE_SESSION_TTL=%j", (ttl) => {
    expectConfigError(() => load({ QUEUESCOPE_SESSION_TTL: ttl }), "QUEUESCOPE_SESSION_TTL", "2592000");
  });

  it("refuses a session secret shorter than 32 characters", () => {
    expectConfigError(() => load({ QUEUESCOPE_SESSION_SECRET: "s".repeat(31) }), "QUEUESCOPE_SESSION_SECRET", "32");
  });

  it("refuses trusted headers combined with local users or OIDC", () => {
    expectConfigError(() => load({ ...base, ...PROXY }, users([alice])), "cannot be combined");
    expectConfigError(() => load({ ...base, ...PROXY, ...OIDC }), "cannot be combined");
  });

  it.each([
    ["an ftp issuer", { QUEUESCOPE_OIDC_ISSUER: "ftp://login.example.com" }, "QUEUESCOPE_OIDC_ISSUER"],
    ["an issuer that is not a URL", { QUEUESCOPE_OIDC_ISSUER: "login.example.com" }, "QUEUESCOPE_OIDC_ISSUER"],
    ["an issuer with a space", { QUEUESCOPE_OIDC_ISSUER: "https://login example.com" }, "QUEUESCOPE_OIDC_ISSUER"],
    ["no client id", { QUEUESCOPE_OIDC_CLIENT_ID: " " }, "QUEUESCOPE_OIDC_CLIENT_ID"],
    ["no client secret", { QUEUESCOPE_OIDC_CLIENT_SECRET: "" }, "QUEUESCOPE_OIDC_CLIENT_SECRET"],
    ["no role map", { QUEUESCOPE_OIDC_ROLES: "" }, "QUEUESCOPE_OIDC_ROLES is required"],
    ["an empty role map", { QUEUESCOPE_OIDC_ROLES: "{}" }, "QUEUESCOPE_OIDC_ROLES is required"],
    ["a role map that is not JSON", { QUEUESCOPE_OIDC_ROLES: "{admin:[x]}" }, "not valid JSON"],
    ["an unknown role key", { QUEUESCOPE_OIDC_ROLES: '{"root":["x"]}' }, "keys are viewer, operator, admin"],
    ["a role mapped to a string", { QUEUESCOPE_OIDC_ROLES: '{"admin":"Queuescope.Admin"}' }, "QUEUESCOPE_OIDC_ROLES"],
    ["an empty claim value", { QUEUESCOPE_OIDC_ROLES: '{"admin":[""]}' }, "QUEUESCOPE_OIDC_ROLES"],
    ["a role map that is an array", { QUEUESCOPE_OIDC_ROLES: '[["admin","x"]]' }, "QUEUESCOPE_OIDC_ROLES"],
    ["a public URL with a path", { QUEUESCOPE_PUBLIC_URL: "https://qs.example.com/app" }, "QUEUESCOPE_PUBLIC_URL"],
  ])("refuses OIDC with %s", (_label, over, fragment) => {
    expectConfigError(() => load({ ...base, ...OIDC, ...over }), fragment);
  });

  it.each([
    ["a header name with a space", { QUEUESCOPE_PROXY_USER_HEADER: "X User" }, "QUEUESCOPE_PROXY_USER_HEADER"],
    ["a header name with a colon", { QUEUESCOPE_PROXY_USER_HEADER: "x-user:" }, "QUEUESCOPE_PROXY_USER_HEADER"],
    ["a bad groups header", { QUEUESCOPE_PROXY_GROUPS_HEADER: "x_groups" }, "QUEUESCOPE_PROXY_GROUPS_HEADER"],
    ["an unknown default role", { QUEUESCOPE_PROXY_DEFAULT_ROLE: "root" }, "QUEUESCOPE_PROXY_DEFAULT_ROLE"],
    [
      "no roles and no default",
      { QUEUESCOPE_PROXY_ROLES: "" },
      "QUEUESCOPE_PROXY_ROLES (or QUEUESCOPE_PROXY_DEFAULT_ROLE) is required",
    ],
    [
      "a role map that is not JSON",
      { QUEUESCOPE_PROXY_ROLES: "admin=bob" },
      "QUEUESCOPE_PROXY_ROLES is not valid JSON",
    ],
    ["an unknown role key", { QUEUESCOPE_PROXY_ROLES: '{"superuser":["bob"]}' }, "QUEUESCOPE_PROXY_ROLES"],
  ])("refuses trusted headers with %s", (_label, over, fragment) => {
    expectConfigError(() => load({ ...base, ...PROXY, ...over }), fragment);
  });

  it.each([
    ["not JSON", "{users:[]}", "not valid JSON"],
    ["no users list", JSON.stringify({ people: [] }), USERS],
    ["a user name with a space", JSON.stringify({ users: [{ ...alice, username: "al ice" }] }), "users.0.username"],
    ["an unknown role", JSON.stringify({ users: [{ ...alice, role: "root" }] }), "users.0.role"],
    [
      "a plain-text password",
      JSON.stringify({ users: [{ ...alice, passwordHash: "hunter2" }] }),
      "users.0.passwordHash",
    ],
    ["an extra field", JSON.stringify({ users: [{ ...alice, password: "hunter2" }] }), "users.0"],
  ])("refuses an old users file (read for the import) with %s, naming the file", (_label, content, fragment) => {
    expectConfigError(
      () => readUsersFile(USERS, { readFile: () => content, exists: (p) => p === USERS }),
      USERS,
      fragment,
    );
  });
});

describe("roleFor", () => {
  const map = { viewer: ["everyone", "readers"], operator: ["ops"], admin: ["Queuescope.Admin"] };

  it("gives the highest role any value grants", () => {
    expect(roleFor(["everyone", "Queuescope.Admin"], map)).toBe("admin");
    expect(roleFor(["readers", "ops"], map)).toBe("operator");
    expect(roleFor(new Set(["ops", "Queuescope.Admin", "readers"]), map)).toBe("admin");
    expect(roleFor(["readers"], map)).toBe("viewer");
  });

  it("gives nothing for unknown, differently cased or absent values", () => {
    expect(roleFor(["strangers"], map)).toBeUndefined();
    expect(roleFor(["queuescope.admin", "OPS"], map)).toBeUndefined();
    expect(roleFor([], map)).toBeUndefined();
    expect(roleFor(["ops"], {})).toBeUndefined();
  });

  it("is not fooled by inherited property names", () => {
    expect(roleFor(["constructor", "__proto__", "toString"], map)).toBeUndefined();
  });
});
