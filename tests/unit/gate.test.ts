// The gate keys clients by the session cookie's name, which it cannot import (lib/auth is server-only).
import http from "node:http";
import net from "node:net";
import { describe, expect, it } from "vitest";
import { SESSION_COOKIE as APP_SESSION_COOKIE } from "@/lib/auth/session";
import { clientKeyOf, SESSION_COOKIE } from "@/scripts/lib/gate";

function incoming(headers: Record<string, string>, remoteAddress = "10.0.0.7"): http.IncomingMessage {
  const socket = new net.Socket();
  Object.defineProperty(socket, "remoteAddress", { value: remoteAddress });
  const req = new http.IncomingMessage(socket);
  req.headers = headers;
  return req;
}

describe("the gate's client key", () => {
  it("uses the app's session cookie name", () => {
    expect(SESSION_COOKIE).toBe(APP_SESSION_COOKIE);
  });

  it("is the session cookie, else the Authorization header, else the peer with its user agent", () => {
    const session = clientKeyOf(incoming({ cookie: `a=1; ${SESSION_COOKIE}=abc.def; b=2`, authorization: "Bearer x" }));
    expect(session).toBe("s:abc.def");
    expect(clientKeyOf(incoming({ cookie: "a=1", authorization: "Bearer qst_1" }))).toBe("a:Bearer qst_1");
    const browser = clientKeyOf(incoming({ "user-agent": "Chromium" }));
    const script = clientKeyOf(incoming({ "user-agent": "curl/8" }));
    expect(browser).not.toBe(script);
    expect(clientKeyOf(incoming({ "user-agent": "curl/8" }, "10.0.0.8"))).not.toBe(script);
    // An empty session cookie is no session: it must not lump every such client together.
    expect(clientKeyOf(incoming({ cookie: `${SESSION_COOKIE}=`, "user-agent": "curl/8" }))).toBe(script);
  });
});
