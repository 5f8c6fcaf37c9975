// Malformed "%" escapes in the path, sent as raw bytes to the running server (a client library
// would re-encode them): every API route answers 400 validation_failed in the JSON envelope and
// every page the not-found page, never Next's plain-text 500. Routes and pages are found by
// globbing app/, so one added later is covered without editing this file.
import { readdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { mapLimit } from "../lib/util/map-limit";
import { expect, test } from "./support/fixtures";
import { ROOT } from "./support/queuescope";

const APP = path.join(ROOT, "app");
const METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
/** Each fails decodeURIComponent: not hex, cut short, a lone "%", a broken UTF-8 sequence. */
const MALFORMED = ["%ZZ", "%", "abc%E0%A4%A", "%C3%28", "%%41", "%FF", "q%2"];
/** What a well-formed request would put in each dynamic segment. */
const VALID: Record<string, string> = {
  account: "local",
  queue: "demo-orders",
  id: "00000000-0000-0000-0000-000000000000",
};

/** URL templates of every route.ts or page.tsx under app/, e.g. "/api/jobs/[id]". */
function templates(file: "route.ts" | "page.tsx"): string[] {
  return (readdirSync(APP, { recursive: true }) as string[])
    .filter((f) => path.basename(f) === file)
    .map(
      (f) =>
        `/${path
          .dirname(f)
          .split(path.sep)
          .filter((s) => s !== "." && !/^\(.*\)$/.test(s))
          .join("/")}`,
    )
    .sort();
}

/** For every dynamic segment of a template, each malformed escape there and valid values elsewhere. */
function malformedPaths(template: string): string[] {
  const segments = template.split("/");
  const dynamic = segments.flatMap((s, i) => (/^\[\w+\]$/.test(s) ? [i] : []));
  const fill = (s: string) => (/^\[\w+\]$/.test(s) ? (VALID[s.slice(1, -1)] ?? "x") : s);
  return dynamic.flatMap((at) => MALFORMED.map((bad) => segments.map((s, i) => (i === at ? bad : fill(s))).join("/")));
}

interface RawAnswer {
  status: number;
  headers: string;
  body: string;
}

/**
 * One request with the path written byte for byte as given; no client-side normalisation.
 * HTTP/1.0, so the answer is not chunked and the body reads as sent.
 */
function rawRequest(base: string, method: string, rawPath: string): Promise<RawAnswer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => {
      socket.write(
        `${method} ${rawPath} HTTP/1.0\r\nHost: ${hostname}:${port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
      );
    });
    const chunks: Buffer[] = [];
    socket.on("data", (c: Buffer) => chunks.push(c));
    socket.on("error", reject);
    // A route that never answers is a finding of its own, named here rather than as a test timeout.
    socket.setTimeout(20_000, () => {
      socket.destroy();
      reject(new Error(`${method} ${rawPath}: no answer within 20 s`));
    });
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const headers = text.slice(0, split);
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(headers)?.[1]), headers, body: text.slice(split + 4) });
    });
  });
}

const apiRoutes = templates("route.ts").filter((t) => t.includes("["));
const pages = templates("page.tsx").filter((t) => t.includes("["));

test.describe("malformed percent escapes in the path", () => {
  test("the glob found the dynamic routes and pages", () => {
    expect(apiRoutes).toContain("/api/jobs/[id]");
    expect(apiRoutes).toContain("/api/accounts/[account]/queues/[queue]/messages");
    expect(pages).toContain("/accounts/[account]/queues/[queue]");
  });

  test("every API route and method answers 400 validation_failed in the envelope", async ({ app }) => {
    // Thousands of requests: four at a time, so a loaded machine does not run out of test time.
    test.setTimeout(180_000);
    const tried: string[] = [];
    const extra = ["/api/jobs/%ZZ", "/api/accounts/%ZZ/queues", "/api/accounts/x/queues/%ZZ/messages"];
    const requests = [...extra, ...apiRoutes.flatMap(malformedPaths)].flatMap((rawPath) =>
      METHODS.map((method) => ({ method, rawPath })),
    );
    await mapLimit(requests, 4, async ({ method, rawPath }) => {
      const res = await rawRequest(app.url, method, rawPath);
      const where = `${method} ${rawPath}: ${res.status} ${res.body.slice(0, 120)}`;
      expect(res.status, where).toBe(400);
      expect(res.headers, where).toMatch(/content-type: application\/json/i);
      if (method !== "HEAD") expect(JSON.parse(res.body).error.code, where).toBe("validation_failed");
      tried.push(`${method} ${rawPath}`);
    });
    expect(tried).toHaveLength(requests.length);
    console.log(`malformed API paths: ${tried.length} requests, 5xx = 0`);
  });

  test("every page answers the not-found page", async ({ app }) => {
    for (const rawPath of ["/accounts/nope/queues/%ZZ", ...pages.flatMap(malformedPaths)]) {
      const res = await rawRequest(app.url, "GET", rawPath);
      const where = `GET ${rawPath}: ${res.status} ${res.body.slice(0, 120)}`;
      expect(res.status, where).toBe(404);
      expect(res.body, where).toContain("Not found");
    }
  });
});
