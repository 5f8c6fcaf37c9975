import { z } from "./zod";

export const CORS_METHODS = ["DELETE", "GET", "HEAD", "MERGE", "POST", "OPTIONS", "PUT"] as const;
const MAX_RULES = 5;
const MAX_ITEM = 256;
const MAX_CORS_BYTES = 2048;

const retentionDays = z
  .number()
  .int("Retention is a whole number of days.")
  .min(1, "Retention is 1 to 365 days (or off).")
  .max(365, "Retention is 1 to 365 days (or off).")
  .nullable();

const headerList = (label: string) =>
  z
    .array(
      z
        .string()
        .trim()
        .min(1, `An empty ${label} header.`)
        .max(MAX_ITEM, `${label} headers are at most ${MAX_ITEM} characters.`)
        .regex(
          /^[A-Za-z0-9!#$%&'+.^_`|~-]+\*?$/,
          `Not a valid ${label} header name (a literal, or a prefix ending in *).`,
        ),
    )
    .superRefine((headers, ctx) => {
      const prefixed = headers.filter((h) => h.endsWith("*")).length;
      if (headers.length - prefixed > 64)
        ctx.addIssue({ code: "custom", message: `At most 64 literal ${label} headers per rule.` });
      if (prefixed > 2)
        ctx.addIssue({ code: "custom", message: `At most 2 prefixed ${label} headers (ending in *) per rule.` });
    });

export const corsRuleSchema = z.strictObject({
  allowedOrigins: z
    .array(
      z
        .string()
        .trim()
        .min(1, "An empty origin.")
        .max(MAX_ITEM, `Origins are at most ${MAX_ITEM} characters.`)
        .refine(
          (o) => o === "*" || /^https?:\/\/[^\s/,]+$/i.test(o),
          "An origin is * or scheme://host[:port], without a path.",
        ),
    )
    .min(1, "Give at least one allowed origin (or *)."),
  allowedMethods: z
    .array(
      z.enum(CORS_METHODS, {
        error: "Methods are DELETE, GET, HEAD, MERGE, POST, OPTIONS or PUT (PATCH is not allowed for queues).",
      }),
    )
    .min(1, "Allow at least one method."),
  allowedHeaders: headerList("allowed"),
  exposedHeaders: headerList("exposed"),
  maxAgeInSeconds: z
    .number()
    .int("Max age is a whole number of seconds.")
    .min(0, "Max age cannot be negative.")
    .max(2_147_483_647),
});
export type CorsRule = z.infer<typeof corsRuleSchema>;

/** Characters the rules take on the wire, without XML tags (the service allows 2 KiB in all). */
export function corsSize(rules: CorsRule[]): number {
  return rules.reduce(
    (n, r) =>
      n +
      [r.allowedOrigins, r.allowedMethods, r.allowedHeaders, r.exposedHeaders].reduce(
        (m, l) => m + l.join(",").length,
        0,
      ) +
      String(r.maxAgeInSeconds).length,
    0,
  );
}

export const corsSchema = z
  .array(corsRuleSchema)
  .max(MAX_RULES, `At most ${MAX_RULES} CORS rules.`)
  .refine(
    (rules) => corsSize(rules) <= MAX_CORS_BYTES,
    `All CORS rules together are at most ${MAX_CORS_BYTES} characters (2 KiB).`,
  );

export const loggingSchema = z.strictObject({
  read: z.boolean(),
  write: z.boolean(),
  delete: z.boolean(),
  retentionDays,
});
export const metricsSchema = z
  .strictObject({ enabled: z.boolean(), includeApis: z.boolean(), retentionDays })
  .refine((m) => m.enabled || !m.includeApis, {
    message: "Include APIs only when metrics are enabled.",
    path: ["includeApis"],
  });

export const servicePropertiesSchema = z.strictObject({
  cors: corsSchema,
  logging: loggingSchema,
  hourMetrics: metricsSchema,
  minuteMetrics: metricsSchema,
});
export type ServiceProperties = z.infer<typeof servicePropertiesSchema>;

/** PUT: only the sections given change; `version` is what the edit was based on. */
export const updateServicePropertiesSchema = servicePropertiesSchema
  .partial()
  .extend({ version: z.string().max(128).optional() });
export type ServicePropertiesUpdate = z.infer<typeof updateServicePropertiesSchema>;

export interface ServicePropertiesDto extends ServiceProperties {
  /** A fingerprint of these properties: send it back with a PUT to detect a save made in between. */
  version: string;
}

export interface ServiceStatsDto {
  geoReplication: { status: string; lastSyncOn: string | null };
}
