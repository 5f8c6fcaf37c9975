import { describe, expect, it } from "vitest";
import { fieldErrors, issueAt } from "@/lib/validation/field-errors";
import { sendMessageSchema } from "@/lib/validation/messages";
import { servicePropertiesSchema } from "@/lib/validation/service";

describe("reading zod issues", () => {
  it("gives the first message of each top-level field, and nothing for a valid one", () => {
    const parsed = sendMessageSchema.safeParse({
      text: "x",
      encoding: "text",
      visibilityTimeout: -5,
      timeToLive: 60,
      count: 0,
    });
    expect(parsed.success).toBe(false);
    const error = fieldErrors(parsed.error);
    expect(error("visibilityTimeout")).toEqual(expect.any(String));
    expect(error("count")).toEqual(expect.any(String));
    expect(error("text")).toBeUndefined();
  });

  it("finds a nested issue by its path prefix", () => {
    const parsed = servicePropertiesSchema.safeParse({
      cors: [
        { allowedOrigins: [], allowedMethods: ["GET"], allowedHeaders: [], exposedHeaders: [], maxAgeInSeconds: 0 },
      ],
      logging: { read: false, write: false, delete: false, retentionDays: null },
      hourMetrics: { enabled: false, includeApis: false, retentionDays: null },
      minuteMetrics: { enabled: false, includeApis: false, retentionDays: null },
    });
    expect(issueAt(parsed.error, "cors", 0, "allowedOrigins")).toEqual(expect.any(String));
    expect(issueAt(parsed.error, "logging")).toBeUndefined();
  });

  it("reads nothing from a success", () => {
    expect(fieldErrors(undefined)("text")).toBeUndefined();
  });
});
