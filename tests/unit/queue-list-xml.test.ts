import { describe, expect, it } from "vitest";
import { parseQueueListXml, unparsedListBody } from "@/lib/azure/queue-list-xml";
import { malformedSegment, tryDecode } from "@/lib/security/path";

describe("the tolerant List Queues reader", () => {
  const xml =
    '<?xml version="1.0" encoding="utf-8"?><EnumerationResults ServiceEndpoint="http://x/"><Queues>' +
    "<Queue><Name>a-q</Name><Metadata><constructor>c</constructor><__proto__>p</__proto__><toString /><Owner>A &amp; B &lt;ops&gt; &#65;&#x42;</Owner></Metadata></Queue>" +
    "<Queue><Name>b-q</Name><Metadata /></Queue><Queue><Name>c-q</Name></Queue>" +
    "</Queues><NextMarker>/devstoreaccount1/c-q</NextMarker></EnumerationResults>";

  it("reads every name and value as own properties, entities decoded", () => {
    const { queues, next } = parseQueueListXml(xml);
    expect(queues.map((q) => q.name)).toEqual(["a-q", "b-q", "c-q"]);
    expect(Object.entries(queues[0]!.metadata)).toEqual([
      ["constructor", "c"],
      ["__proto__", "p"],
      ["toString", ""],
      ["Owner", "A & B <ops> AB"],
    ]);
    expect(Object.getPrototypeOf(queues[0]!.metadata)).toBe(Object.prototype);
    expect(queues[1]!.metadata).toEqual({});
    expect(next).toBe("/devstoreaccount1/c-q");
    expect(parseQueueListXml(xml.replace(/<NextMarker>.*<\/NextMarker>/, "<NextMarker/>")).next).toBeUndefined();
  });

  it("takes over only from a parse failure of a List Queues answer", () => {
    expect(unparsedListBody({ code: "PARSE_ERROR", statusCode: 200, response: { bodyAsText: xml } })).toBe(xml);
    expect(
      unparsedListBody({ code: "PARSE_ERROR", statusCode: 200, response: { bodyAsText: "<Error/>" } }),
    ).toBeUndefined();
    expect(
      unparsedListBody({ code: "AuthorizationFailure", statusCode: 403, response: { bodyAsText: xml } }),
    ).toBeUndefined();
    expect(unparsedListBody(new Error("boom"))).toBeUndefined();
  });
});

describe("malformed percent escapes", () => {
  it.each(["/api/jobs/%ZZ", "/api/jobs/%", "/a/abc%E0%A4%A", "/a/%C3%28/b", "/a/%FF"])("finds one in %s", (p) => {
    expect(malformedSegment(p)).not.toBeNull();
  });

  it.each(["/api/jobs/abc", "/a/%2F%20%E2%82%AC", "/"])("passes %s", (p) => {
    expect(malformedSegment(p)).toBeNull();
  });

  it("decodes without throwing", () => {
    expect(tryDecode("a%20b")).toBe("a b");
    expect(tryDecode("%ZZ")).toBeNull();
  });
});
