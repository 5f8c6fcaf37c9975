import { describe, expect, it } from "vitest";
import { decodeChoiceCaveat, dryRunFigure } from "@/lib/messages/dry-run-caveats";
import { scanVisibility } from "@/lib/validation/scan-visibility";

describe("dryRunFigure", () => {
  it("gives the count as it is when the filter has no dequeue-count condition", () => {
    expect(dryRunFigure(1234, { contains: "boom" })).toEqual({ figure: "1,234", floor: null });
  });

  it("gives only a floor, with why, when the dry run's own receive can make more messages match", () => {
    const { figure, floor } = dryRunFigure(12, { dequeueCountAtLeast: 5, contains: "boom" });
    expect(figure).toBe("at least 12");
    expect(floor).toBe(
      "At least 12: the dry run raised every dequeue count by one, so messages one below the threshold now match too.",
    );
    expect(dryRunFigure(0, { dequeueCountAtLeast: 0 }).figure).toBe("at least 0");
  });
});

describe("decodeChoiceCaveat", () => {
  const text = { contains: "boom" };
  const json = { json: { path: "$.error", equals: "Timeout" } };

  it("says nothing when the list decodes as the server does, or when no condition reads the text", () => {
    expect(decodeChoiceCaveat(text, "auto")).toBeNull();
    expect(decodeChoiceCaveat(json, "auto", 0)).toBeNull();
    expect(decodeChoiceCaveat({ dequeueCountAtLeast: 3 }, "text", 4)).toBeNull();
    expect(decodeChoiceCaveat({ insertedBefore: "2026-01-01T00:00:00Z" }, "base64")).toBeNull();
  });

  it("names the queue's choice that the whole queue does not get", () => {
    expect(decodeChoiceCaveat(text, "text")).toBe(
      "The whole queue is matched as Auto decodes it; your “Stored text” choice for this queue is not applied, so it can match other messages than the list shows.",
    );
    expect(decodeChoiceCaveat(json, "base64", 3)).toContain("your “Base64” choice for this queue is not applied");
  });

  it("names the loaded messages decoded by a choice of their own", () => {
    expect(decodeChoiceCaveat(json, "auto", 1)).toContain("the decoding you chose for 1 loaded message is not applied");
    expect(decodeChoiceCaveat(text, "auto", 2)).toContain(
      "the decoding you chose for 2 loaded messages is not applied",
    );
  });
});

describe("scanVisibility", () => {
  it("adds a rate-limited move's paced sends, as the server does, so a dialog's note names the same figure", () => {
    expect(scanVisibility(1000)).toBe(80);
    expect(scanVisibility(1000, 2)).toBe(580);
    expect(scanVisibility(1_000_000, 1)).toBe(7200);
    expect(scanVisibility(0)).toBe(60);
  });
});
