import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, isLoopbackHost, STATIC_SECURITY_HEADERS } from "@/lib/security/headers";

/** Directive name → its sources; fails on a repeated directive (browsers use only the first). */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, ...sources] = part.split(/\s+/);
    expect(map.has(name!), `directive ${name} appears twice`).toBe(false);
    map.set(name!, sources);
  }
  return map;
}

describe("contentSecurityPolicy in production", () => {
  const csp = directives(contentSecurityPolicy("n0nce123", { dev: false, https: false }));

  it("runs only this origin's scripts and those carrying the nonce, never eval or inline", () => {
    expect(csp.get("script-src")).toEqual(["'self'", "'nonce-n0nce123'", "'strict-dynamic'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
    expect(csp.get("script-src")).not.toContain("'unsafe-inline'");
  });

  it("cannot be framed, and blocks plugins, base-tag rewrites and foreign form targets", () => {
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(csp.get("object-src")).toEqual(["'none'"]);
    expect(csp.get("base-uri")).toEqual(["'none'"]);
    expect(csp.get("form-action")).toEqual(["'self'"]);
    expect(csp.get("default-src")).toEqual(["'self'"]);
  });

  it("connects only to its own origin (no websockets) and upgrades nothing on http", () => {
    expect(csp.get("connect-src")).toEqual(["'self'"]);
    expect(csp.has("upgrade-insecure-requests")).toBe(false);
  });

  it("upgrades insecure requests when served over https", () => {
    expect(directives(contentSecurityPolicy("n", { dev: false, https: true })).has("upgrade-insecure-requests")).toBe(
      true,
    );
  });

  it("carries the nonce of each request", () => {
    expect(contentSecurityPolicy("abc", { dev: false, https: false })).toContain("'nonce-abc'");
    expect(contentSecurityPolicy("xyz", { dev: false, https: false })).not.toContain("'nonce-abc'");
  });
});

describe("contentSecurityPolicy in development", () => {
  const csp = directives(contentSecurityPolicy("devnonce", { dev: true, https: false }));

  it("allows eval (React refresh) and websockets (hot reload), and keeps the nonce", () => {
    expect(csp.get("script-src")).toEqual(expect.arrayContaining(["'nonce-devnonce'", "'unsafe-eval'"]));
    expect(csp.get("connect-src")).toEqual(expect.arrayContaining(["'self'", "ws:"]));
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  });
});

describe("STATIC_SECURITY_HEADERS", () => {
  const headers = new Map(STATIC_SECURITY_HEADERS.map((h) => [h.key.toLowerCase(), h.value]));

  it("sends each header once", () => {
    expect(headers.size).toBe(STATIC_SECURITY_HEADERS.length);
  });

  it.each([
    ["x-content-type-options", "nosniff"],
    ["referrer-policy", "no-referrer"],
    ["x-frame-options", "DENY"],
    ["cross-origin-opener-policy", "same-origin"],
  ])("sets %s: %s", (key, value) => {
    expect(headers.get(key)).toBe(value);
  });

  it("turns off camera, microphone and geolocation", () => {
    for (const feature of ["camera=()", "microphone=()", "geolocation=()"])
      expect(headers.get("permissions-policy")).toContain(feature);
  });
});

describe("isLoopbackHost", () => {
  it.each(["127.0.0.1", "127.0.0.1:3000", "localhost", "LOCALHOST:80", "[::1]", "[::1]:3000", "localhost:65535"])(
    "accepts %s",
    (host) => {
      expect(isLoopbackHost(host)).toBe(true);
    },
  );

  it.each([
    null,
    "",
    "0.0.0.0",
    "127.0.0.2",
    "localhost.evil.example",
    "127.0.0.1.nip.io",
    "evil.example",
    "evil.example:127.0.0.1",
    "localhost:3000@evil.example",
    "::1",
    "[::1",
    "localhost:",
    "localhost:123456",
    " localhost",
    "192.168.1.10:3000",
  ])("refuses %j", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
