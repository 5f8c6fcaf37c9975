import { describe, expect, it } from "vitest";
import { escapeLabelValue, hasMetricsToken, renderExposition } from "@/lib/metrics/prometheus";
import { parsePrometheusText } from "../support/prometheus-parser";

describe("Prometheus exposition", () => {
  it("escapes label values so a strict parser reads them back exactly", () => {
    const nasty = 'a"b\\c\nd';
    const text = renderExposition([
      {
        name: "queuescope_queue_messages",
        help: "Depth.\nSecond line \\ backslash",
        type: "gauge",
        samples: [{ labels: { account: nasty, queue: "q-1" }, value: 3 }],
      },
      {
        name: "queuescope_x",
        help: "x",
        type: "counter",
        samples: [
          { labels: {}, value: NaN },
          { labels: { a: "b" }, value: Infinity },
        ],
      },
    ]);
    expect(escapeLabelValue(nasty)).toBe('a\\"b\\\\c\\nd');
    const families = parsePrometheusText(text);
    expect(families[0]).toMatchObject({
      name: "queuescope_queue_messages",
      type: "gauge",
      help: "Depth.\nSecond line \\ backslash",
    });
    expect(families[0]!.samples).toEqual([
      { name: "queuescope_queue_messages", labels: { account: nasty, queue: "q-1" }, value: 3 },
    ]);
    expect(families[1]!.samples[0]!.value).toBeNaN();
    expect(families[1]!.samples[1]!.value).toBe(Infinity);
  });

  it("the test parser refuses what Prometheus refuses", () => {
    expect(() => parsePrometheusText('m{a="x\ny"} 1\n')).toThrow();
    expect(() => parsePrometheusText('m{a="x\\q"} 1\n')).toThrow(/escape/);
    expect(() => parsePrometheusText("m 1\nm 2\n")).toThrow(/duplicate/);
    expect(() => parsePrometheusText("m one\n")).toThrow(/value/);
    expect(() => parsePrometheusText("m 1")).toThrow(/line feed/);
    expect(() => parsePrometheusText("m 1\n# TYPE m gauge\n")).toThrow(/after its samples/);
  });

  it("accepts the scrape token only when it is configured and equal", () => {
    const req = (auth?: string) =>
      new Request("http://x/api/metrics", { headers: auth ? { authorization: auth } : {} });
    delete process.env.QUEUESCOPE_METRICS_TOKEN;
    expect(hasMetricsToken(req("Bearer anything"))).toBe(false);
    process.env.QUEUESCOPE_METRICS_TOKEN = "s3cret-token";
    try {
      expect(hasMetricsToken(req("Bearer s3cret-token"))).toBe(true);
      expect(hasMetricsToken(req("Bearer s3cret-tokex"))).toBe(false);
      expect(hasMetricsToken(req("Bearer s3cret"))).toBe(false);
      expect(hasMetricsToken(req("Basic s3cret-token"))).toBe(false);
      expect(hasMetricsToken(req())).toBe(false);
    } finally {
      delete process.env.QUEUESCOPE_METRICS_TOKEN;
    }
  });
});
