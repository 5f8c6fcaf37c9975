// Single-user local mode holds even when the server was not started by `npm start` (which binds
// loopback and makes the proxy answer 421 to other names): the user check itself refuses.
import { describe, expect, it } from "vitest";
import { GET as accountsRoute } from "@/app/api/accounts/route";
import { POST as createQueueRoute } from "@/app/api/accounts/[account]/queues/route";
import { GET as meRoute } from "@/app/api/auth/me/route";
import { call, emulatorService, uniquePrefix, useEnv } from "../support/api";

const rebound = { host: "attacker.example:3000" };

describe("local mode (no sign-in configured)", () => {
  it("is admin for requests addressed to a loopback name", async () => {
    useEnv({
      QUEUESCOPE_USERS_FILE: "/nonexistent/users.json",
      QUEUESCOPE_PROXY_USER_HEADER: undefined,
      QUEUESCOPE_OIDC_ISSUER: undefined,
    });
    for (const host of ["127.0.0.1:3000", "localhost:3000", "[::1]:3000"]) {
      const me = await call(meRoute, { headers: { host } });
      expect(me.json.user, host).toMatchObject({ name: "local", role: "admin" });
    }
  });

  it("refuses a rebound DNS name: no account list, no change, not even who it would be", async () => {
    useEnv({
      QUEUESCOPE_USERS_FILE: "/nonexistent/users.json",
      QUEUESCOPE_PROXY_USER_HEADER: undefined,
      QUEUESCOPE_OIDC_ISSUER: undefined,
    });
    const accounts = await call(accountsRoute, { headers: rebound });
    expect(accounts.status).toBe(403);
    expect(accounts.text).not.toContain('"id":"local"');
    const me = await call(meRoute, { headers: rebound });
    expect(me.json.user ?? null).toBeNull();

    const name = `${uniquePrefix("rebind")}-q`;
    const create = await call(createQueueRoute, {
      method: "POST",
      params: { account: "local" },
      body: { name },
      headers: rebound,
    });
    expect(create.status).toBe(403);
    expect(create.json.error.code).toBe("forbidden");
    const names: string[] = [];
    for await (const q of emulatorService().listQueues({ prefix: name })) names.push(q.name);
    expect(names).toEqual([]);
  });
});
