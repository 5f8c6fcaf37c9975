import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as getProps, PUT as putProps } from "@/app/api/accounts/[account]/service/properties/route";
import { GET as getStats } from "@/app/api/accounts/[account]/service/stats/route";
import { EMULATOR_ACCOUNT_KEY, EMULATOR_ACCOUNT_NAME } from "@/lib/config/accounts";
import { azuriteUrl, call, useEnv } from "../support/api";

const local = { account: "local" };
const rule = (over: Record<string, unknown> = {}) => ({
  allowedOrigins: ["https://ops.example.com"],
  allowedMethods: ["GET", "PUT"],
  allowedHeaders: ["x-ms-meta-*", "content-type"],
  exposedHeaders: ["x-ms-request-id"],
  maxAgeInSeconds: 300,
  ...over,
});
const read = async () => (await call(getProps, { params: local })).json;
const put = (body: unknown) => call(putProps, { method: "PUT", params: local, body });

beforeAll(async () => {
  useEnv({});
  await put({
    cors: [],
    logging: { read: false, write: false, delete: false, retentionDays: null },
    hourMetrics: { enabled: false, includeApis: false, retentionDays: null },
    minuteMetrics: { enabled: false, includeApis: false, retentionDays: null },
  });
});
afterAll(() => put({ cors: [] }));

describe("service properties", () => {
  it("round-trips every field", async () => {
    const full = {
      cors: [
        rule(),
        rule({
          allowedOrigins: ["*"],
          allowedMethods: ["DELETE", "GET", "HEAD", "MERGE", "POST", "OPTIONS", "PUT"],
          allowedHeaders: [],
          exposedHeaders: ["x-ms-*"],
          maxAgeInSeconds: 0,
        }),
      ],
      logging: { read: true, write: true, delete: false, retentionDays: 7 },
      hourMetrics: { enabled: true, includeApis: true, retentionDays: 30 },
      minuteMetrics: { enabled: true, includeApis: false, retentionDays: null },
    };
    const res = await put(full);
    expect(res.status).toBe(200);
    const { version, ...props } = await read();
    expect(props).toEqual(full);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(res.json.version).toBe(version);
  });

  it("changes only the sections it is given", async () => {
    await put({ cors: [rule()], logging: { read: true, write: false, delete: true, retentionDays: 3 } });
    await put({ hourMetrics: { enabled: false, includeApis: false, retentionDays: null } });
    const now = await read();
    expect(now.cors).toEqual([rule()]);
    expect(now.logging).toEqual({ read: true, write: false, delete: true, retentionDays: 3 });
    expect(now.hourMetrics).toEqual({ enabled: false, includeApis: false, retentionDays: null });
  });

  it("clears CORS with an empty list", async () => {
    await put({ cors: [rule()] });
    await put({ cors: [] });
    expect((await read()).cors).toEqual([]);
  });

  it.each([
    [{ cors: Array.from({ length: 6 }, () => rule()) }, "At most 5 CORS rules"],
    [{ cors: [rule({ allowedMethods: ["PATCH"] })] }, "PATCH is not allowed"],
    [{ cors: [rule({ allowedMethods: [] })] }, "at least one method"],
    [{ cors: [rule({ allowedOrigins: [] })] }, "at least one allowed origin"],
    [{ cors: [rule({ allowedOrigins: [`https://${"a".repeat(260)}.com`] })] }, "at most 256"],
    [{ cors: [rule({ allowedOrigins: ["https://ops.example.com/path"] })] }, "without a path"],
    [{ cors: [rule({ allowedHeaders: Array.from({ length: 65 }, (_, i) => `h${i}`) })] }, "At most 64 literal allowed"],
    [{ cors: [rule({ exposedHeaders: ["a*", "b*", "c*"] })] }, "At most 2 prefixed exposed"],
    [{ cors: [rule({ allowedHeaders: ["bad header"] })] }, "Not a valid allowed header"],
    [{ cors: [rule({ maxAgeInSeconds: -1 })] }, "cannot be negative"],
    [
      {
        cors: Array.from({ length: 5 }, (_, i) =>
          rule({ allowedHeaders: Array.from({ length: 20 }, (_, j) => `x-custom-header-${i}-${j}`) }),
        ),
      },
      "2 KiB",
    ],
    [{ logging: { read: true, write: true, delete: true, retentionDays: 0 } }, "1 to 365"],
    [{ logging: { read: true, write: true, delete: true, retentionDays: 366 } }, "1 to 365"],
    [{ hourMetrics: { enabled: false, includeApis: true, retentionDays: null } }, "only when metrics are enabled"],
    [{ minuteMetrics: { enabled: "yes", includeApis: false, retentionDays: null } }, "boolean"],
    [{ surprise: true }, "surprise"],
  ])("refuses %j with validation_failed and changes nothing", async (body, message) => {
    const before = await read();
    const res = await put(body);
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe("validation_failed");
    expect(JSON.stringify(res.json.error)).toContain(message);
    expect((await read()).version).toBe(before.version);
  });

  it("detects a save made in between and writes nothing", async () => {
    const opened = await read();
    await put({ logging: { ...opened.logging, read: !opened.logging.read } });
    const stale = await put({ version: opened.version, cors: [rule({ maxAgeInSeconds: 1 })] });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("properties_changed");
    expect(stale.json.error.details.current.logging.read).toBe(!opened.logging.read);
    expect((await read()).cors).toEqual(opened.cors);
  });

  it("really applies CORS: a preflight from an allowed origin passes, another is refused", async () => {
    await put({ cors: [rule({ allowedOrigins: ["https://allowed.example"], allowedMethods: ["GET"] })] });
    const preflight = (origin: string) =>
      fetch(`${azuriteUrl()}/some-queue/messages`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET" },
      });
    const ok = await preflight("https://allowed.example");
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://allowed.example");
    const refused = await preflight("https://evil.example");
    expect(refused.status).toBe(403);
  });
});

describe("service stats and access", () => {
  let file: string;
  beforeAll(() => {
    file = path.join(mkdtempSync(path.join(tmpdir(), "qs-svc-")), "accounts.json");
    writeFileSync(
      file,
      JSON.stringify([
        {
          id: "ro",
          name: "Read only",
          accountName: EMULATOR_ACCOUNT_NAME,
          accountKey: EMULATOR_ACCOUNT_KEY,
          queueEndpoint: azuriteUrl(),
          readOnly: true,
        },
        {
          id: "nosecondary",
          name: "No secondary",
          accountName: "other",
          accountKey: EMULATOR_ACCOUNT_KEY,
          queueEndpoint: "http://127.0.0.1:9/other",
        },
      ]),
    );
  });

  it("reports geo-replication from the emulator's secondary", async () => {
    useEnv({ QUEUESCOPE_ACCOUNTS: undefined });
    const res = await call(getStats, { params: local });
    expect(res.status).toBe(200);
    expect(typeof res.json.geoReplication.status).toBe("string");
  });

  it("says not available when there is no secondary, and refuses writes on a read-only account", async () => {
    useEnv({ QUEUESCOPE_ACCOUNTS: file });
    const stats = await call(getStats, { params: { account: "nosecondary" } });
    expect(stats.status).toBe(409);
    expect(stats.json.error).toMatchObject({ code: "not_available" });
    const ro = await call(putProps, { method: "PUT", params: { account: "ro" }, body: { cors: [] } });
    expect(ro.json.error.code).toBe("read_only");
    expect((await call(getProps, { params: { account: "ro" } })).status).toBe(200);
    useEnv({ QUEUESCOPE_ACCOUNTS: undefined });
  });
});
