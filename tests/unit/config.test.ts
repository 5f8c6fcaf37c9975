import { describe, expect, it } from "vitest";
import {
  ConfigError,
  DEFAULT_EMULATOR_URL,
  EMULATOR_ACCOUNT_KEY,
  accountNameFromEndpoint,
  loadAccountConfigs,
  displayEndpoint,
  parseConnectionString,
} from "@/lib/config/accounts";

const KEY = EMULATOR_ACCOUNT_KEY;
const load = (env: Record<string, string>, files: Record<string, string> = {}) =>
  loadAccountConfigs({
    env,
    readFile: (p) => {
      if (!(p in files)) throw Object.assign(new Error("no such file"), { code: "ENOENT" });
      return files[p]!;
    },
  });
const file = (accounts: unknown) =>
  load({ QUEUESCOPE_ACCOUNTS: "/cfg.json" }, { "/cfg.json": JSON.stringify(accounts) });
const expectConfigError = (fn: () => unknown, ...fragments: string[]) => {
  let message = "";
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    message = (err as Error).message;
  }
  expect(message, "expected a ConfigError").not.toBe("");
  for (const f of fragments) expect(message).toContain(f);
};

describe("no configuration", () => {
  it("is the embedded emulator account 'local'", () => {
    const [account, ...rest] = load({});
    expect(rest).toHaveLength(0);
    expect(account).toMatchObject({
      id: "local",
      kind: "emulator",
      queueEndpoint: DEFAULT_EMULATOR_URL,
      readOnly: false,
    });
    expect(account!.auth).toMatchObject({ type: "shared-key", accountName: "devstoreaccount1" });
  });

  it("follows the emulator URL the start script chose", () => {
    expect(load({ QUEUESCOPE_EMULATOR_URL: "http://127.0.0.1:4567/devstoreaccount1/" })[0]!.queueEndpoint).toBe(
      "http://127.0.0.1:4567/devstoreaccount1",
    );
  });
});

describe("AZURE_STORAGE_CONNECTION_STRING", () => {
  it("names the account after the account name, in lower case", () => {
    const [a] = load({
      AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=https;AccountName=ProdStore;AccountKey=${KEY};EndpointSuffix=core.windows.net`,
    });
    expect(a).toMatchObject({
      id: "prodstore",
      name: "ProdStore",
      kind: "connection-string",
      queueEndpoint: "https://ProdStore.queue.core.windows.net",
    });
  });

  it("uses an explicit QueueEndpoint (Azurite style)", () => {
    const [a] = load({
      AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${KEY};QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;`,
    });
    expect(a).toMatchObject({ id: "devstoreaccount1", queueEndpoint: "http://127.0.0.1:10001/devstoreaccount1" });
  });

  it("accepts UseDevelopmentStorage=true", () => {
    expect(parseConnectionString("UseDevelopmentStorage=true")).toMatchObject({
      queueEndpoint: DEFAULT_EMULATOR_URL,
      accountName: "devstoreaccount1",
    });
  });

  it("accepts a SAS connection string and derives the account from the endpoint", () => {
    const parsed = parseConnectionString(
      "QueueEndpoint=https://acme.queue.core.windows.net/;SharedAccessSignature=?sv=2024-01-01&sig=abc",
    );
    expect(parsed).toEqual({
      queueEndpoint: "https://acme.queue.core.windows.net",
      accountName: "acme",
      auth: { type: "sas", sasToken: "sv=2024-01-01&sig=abc" },
    });
  });

  it.each([
    [
      `AccountName=x;AccountKey=${KEY};QueueEndpoint=https://x.queue.core.windows.net/?sv=2024-01-01&sig=c2VjcmV0`,
      "QueueEndpoint",
    ],
    [
      "QueueEndpoint=https://x.queue.core.windows.net?sv=2024-01-01&sig=c2VjcmV0;SharedAccessSignature=sv=2024-01-01&sig=c2VjcmV0",
      "QueueEndpoint",
    ],
    [`AccountName=x;AccountKey=${KEY};QueueEndpoint=https://x.queue.core.windows.net/#sig=c2VjcmV0`, "QueueEndpoint"],
    [`AccountName=x;AccountKey=${KEY};QueueEndpoint=https://user:c2VjcmV0@x.queue.core.windows.net/`, "QueueEndpoint"],
    [
      "UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://127.0.0.1?sig=c2VjcmV0",
      "DevelopmentStorageProxyUri",
    ],
  ])("refuses a secret in an endpoint (%s), naming %s and never quoting it", (cs, field) => {
    expectConfigError(() => load({ AZURE_STORAGE_CONNECTION_STRING: cs }), "AZURE_STORAGE_CONNECTION_STRING", field);
    expect(() => load({ AZURE_STORAGE_CONNECTION_STRING: cs })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining("c2VjcmV0") }),
    );
  });

  it("shows an endpoint without query string, fragment or user info", () => {
    expect(displayEndpoint("https://u:p@acme.queue.core.windows.net/?sv=1&sig=abc#x")).toBe(
      "https://acme.queue.core.windows.net",
    );
    expect(displayEndpoint("http://127.0.0.1:10001/devstoreaccount1?sig=abc")).toBe(
      "http://127.0.0.1:10001/devstoreaccount1",
    );
  });

  it.each([
    ["AccountName=x", "AccountKey"],
    [`AccountKey=${KEY}`, "AccountName"],
    ["AccountName=x;AccountKey=not base64!", "AccountKey"],
    [`DefaultEndpointsProtocol=ftp;AccountName=x;AccountKey=${KEY}`, "DefaultEndpointsProtocol"],
  ])("rejects %s naming the field %s", (cs, field) => {
    expectConfigError(() => load({ AZURE_STORAGE_CONNECTION_STRING: cs }), "AZURE_STORAGE_CONNECTION_STRING", field);
  });

  it("never puts the key in an error message", () => {
    expectConfigError(() =>
      load({ AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=ftp;AccountName=x;AccountKey=${KEY}` }),
    );
    try {
      load({ AZURE_STORAGE_CONNECTION_STRING: `DefaultEndpointsProtocol=ftp;AccountName=x;AccountKey=${KEY}` });
    } catch (err) {
      expect((err as Error).message).not.toContain(KEY);
    }
  });
});

describe("QUEUESCOPE_ACCOUNTS", () => {
  it("reads each kind of entry", () => {
    const accounts = file([
      { id: "cs", name: "By connection string", connectionString: `AccountName=one;AccountKey=${KEY}`, readOnly: true },
      { id: "sas", name: "By SAS", accountUrl: "https://two.queue.core.windows.net/", sasToken: "?sv=1&sig=x" },
      { id: "key", name: "By key", accountName: "three", accountKey: KEY, queueEndpoint: "http://127.0.0.1:1/three" },
      {
        id: "entra",
        name: "By Entra ID",
        accountUrl: "https://four.queue.core.windows.net",
        credential: "azure-identity",
      },
    ]);
    expect(accounts.map((a) => [a.id, a.kind, a.accountName, a.queueEndpoint, a.readOnly])).toEqual([
      ["cs", "connection-string", "one", "https://one.queue.core.windows.net", true],
      ["sas", "sas", "two", "https://two.queue.core.windows.net", false],
      ["key", "shared-key", "three", "http://127.0.0.1:1/three", false],
      ["entra", "entra-id", "four", "https://four.queue.core.windows.net", false],
    ]);
    expect(accounts[1]!.auth).toEqual({ type: "sas", sasToken: "sv=1&sig=x" });
  });

  it("reads masks: JSONPaths, regexes and maskForAll", () => {
    const [a, b] = file([
      {
        id: "a",
        name: "A",
        connectionString: "UseDevelopmentStorage=true",
        mask: ["$.customer.email", "$.cards[*].number"],
        maskRegex: ["\\d{3}-\\d{2}-\\d{4}"],
        maskForAll: true,
      },
      { id: "b", name: "B", connectionString: "UseDevelopmentStorage=true" },
    ]);
    expect(a!.masks).toEqual({
      paths: ["$.customer.email", "$.cards[*].number"],
      regexes: ["\\d{3}-\\d{2}-\\d{4}"],
      forAll: true,
    });
    expect(b!.masks).toBeUndefined();
  });

  it("also accepts {accounts: [...]}", () => {
    expect(file({ accounts: [{ id: "a", name: "A", connectionString: "UseDevelopmentStorage=true" }] })).toHaveLength(
      1,
    );
  });

  it.each([
    [
      [
        { id: "a", name: "A", connectionString: "UseDevelopmentStorage=true" },
        { id: "b", name: "B", accountName: "x", accountKey: "not base64!" },
      ],
      ['entry 1 ("b")', '"accountKey"'],
    ],
    [[{ id: "Bad Id", name: "A", connectionString: "UseDevelopmentStorage=true" }], ["entry 0", '"id"']],
    [[{ id: "a", connectionString: "UseDevelopmentStorage=true" }], ['entry 0 ("a")', '"name"']],
    [[{ id: "a", name: "A" }], ['entry 0 ("a")', "needs one of"]],
    [
      [
        {
          id: "a",
          name: "A",
          connectionString: "UseDevelopmentStorage=true",
          sasToken: "x",
          accountUrl: "https://a.b",
        },
      ],
      ['"sasToken"', "only one"],
    ],
    [
      [{ id: "a", name: "A", accountUrl: "https://a.queue.core.windows.net", credential: "password" }],
      ['"credential"'],
    ],
    [[{ id: "a", name: "A", accountUrl: "not a url", sasToken: "sv=1" }], ['"accountUrl"', "http(s) URL"]],
    [
      [{ id: "a", name: "A", accountUrl: "https://a.queue.core.windows.net?sv=1", sasToken: "sv=1" }],
      ['"accountUrl"', "query string"],
    ],
    [
      [{ id: "a", name: "A", connectionString: "UseDevelopmentStorage=true", readonly: true }],
      ['"readonly"', "not a known field"],
    ],
    [[{ id: "a", name: "A", connectionString: "UseDevelopmentStorage=true", readOnly: "yes" }], ['"readOnly"']],
    [[{ id: "a", name: "A", connectionString: "AccountName=x" }], ['entry 0 ("a")', "AccountKey"]],
    [
      [
        { id: "a", name: "A", connectionString: "UseDevelopmentStorage=true" },
        { id: "a", name: "Again", connectionString: "UseDevelopmentStorage=true" },
      ],
      ['entry 1 ("a")', "earlier entry"],
    ],
    [
      [{ id: "a", name: "A", connectionString: "UseDevelopmentStorage=true", mask: ["$..email"] }],
      ['entry 0 ("a")', '"mask.0"', "Recursive descent"],
    ],
    [
      [{ id: "a", name: "A", connectionString: "UseDevelopmentStorage=true", mask: ["$.ok", "email"] }],
      ['"mask.1"', 'starts with "$"'],
    ],
    [
      [{ id: "a", name: "A", connectionString: "UseDevelopmentStorage=true", mask: ["$"] }],
      ['"mask.0"', "whole message"],
    ],
    [[{ id: "a", name: "A", connectionString: "UseDevelopmentStorage=true", mask: "$.email" }], ['"mask"']],
    [
      [{ id: "a", name: "A", connectionString: "UseDevelopmentStorage=true", maskRegex: ["(a"] }],
      ['"maskRegex.0"', "missing closing )"],
    ],
    [
      [{ id: "a", name: "A", connectionString: "UseDevelopmentStorage=true", maskRegex: ["(?<=a)b"] }],
      ['"maskRegex.0"', "Not a supported regular expression"],
    ],
    [[{ id: "a", name: "A", connectionString: "UseDevelopmentStorage=true", maskForAll: "yes" }], ['"maskForAll"']],
    [[], ["non-empty"]],
    [["just a string"], ["entry 0", "must be an object"]],
  ])("rejects %j naming entry and field", (accounts, fragments) => {
    expectConfigError(() => file(accounts), "QUEUESCOPE_ACCOUNTS (/cfg.json)", ...fragments);
  });

  it("reports a missing file and invalid JSON", () => {
    expectConfigError(() => load({ QUEUESCOPE_ACCOUNTS: "/missing.json" }), "/missing.json", "file not found");
    expectConfigError(() => load({ QUEUESCOPE_ACCOUNTS: "/bad.json" }, { "/bad.json": "{nope" }), "not valid JSON");
  });

  it("says where the JSON breaks without quoting it (the text around the error is often a key)", () => {
    const key = "Zm9vYmFyU0VDUkVUa2V5dGhhdG11c3Rub3RsZWFr";
    for (const text of [
      `[{"id":"a","accountKey":${key}}]`,
      `[\n  {"id": "a",\n   "accountKey": "${key}\n`,
      `[{"id":"a","accountKey":"${key}",,}]`,
    ]) {
      let message = "";
      try {
        load({ QUEUESCOPE_ACCOUNTS: "/bad.json" }, { "/bad.json": text });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toContain("not valid JSON");
      expect(message).not.toContain(key.slice(0, 6));
    }
  });

  it("takes precedence over a connection string", () => {
    const accounts = load(
      { QUEUESCOPE_ACCOUNTS: "/cfg.json", AZURE_STORAGE_CONNECTION_STRING: `AccountName=other;AccountKey=${KEY}` },
      { "/cfg.json": JSON.stringify([{ id: "a", name: "A", connectionString: "UseDevelopmentStorage=true" }]) },
    );
    expect(accounts.map((a) => a.id)).toEqual(["a"]);
  });
});

describe("accountNameFromEndpoint", () => {
  it.each([
    ["https://acme.queue.core.windows.net", "acme"],
    ["http://127.0.0.1:10001/devstoreaccount1", "devstoreaccount1"],
    ["http://localhost:10001/devstoreaccount1", "devstoreaccount1"],
  ])("%s → %s", (url, name) => expect(accountNameFromEndpoint(url)).toBe(name));
});
