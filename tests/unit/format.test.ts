import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDecimal, formatKiB, formatNumber, formatStamp, plural } from "@/lib/format";

const ROOT = path.resolve(__dirname, "../..");

function sources(dir: string): string[] {
  return (readdirSync(path.join(ROOT, dir), { recursive: true }) as string[])
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => path.join(dir, f));
}

describe("lib/format", () => {
  it("groups integers and keeps fixed decimals", () => {
    expect(formatNumber(1234567)).toBe("1,234,567");
    expect(plural(1, "message")).toBe("1 message");
    expect(plural(2000, "message")).toBe("2,000 messages");
    expect(formatDecimal(12.345)).toBe("12.3");
    expect(formatDecimal(2, 2)).toBe("2.00");
    expect(formatDecimal(1234.5)).toBe("1,234.5");
  });

  it("writes sizes in KiB with two decimals below 10 KiB and one above", () => {
    expect(formatKiB(1024)).toBe("1.00 KiB");
    expect(formatKiB(5 * 1024 + 512)).toBe("5.50 KiB");
    expect(formatKiB(64 * 1024)).toBe("64.0 KiB");
  });

  it("stamps chart times as day/month and a 24-hour clock, from ms or ISO alike", () => {
    const at = new Date(2026, 11, 1, 22, 5, 9);
    expect(formatStamp(at.getTime())).toBe("01/12/2026, 22:05");
    expect(formatStamp(at.toISOString(), true)).toBe("01/12/2026, 22:05:09");
  });

  // One page must not say "1,234" and another "1234": every display form comes from lib/format.
  it("is the only module that formats numbers and dates for display", () => {
    const offenders = ["app", "components", "lib"]
      .flatMap(sources)
      .filter((f) => f !== path.join("lib", "format.ts"))
      .filter((f) => /\.toLocale(Date|Time)?String\(|\bIntl\./.test(readFileSync(path.join(ROOT, f), "utf8")));
    expect(offenders).toEqual([]);
  });
});
