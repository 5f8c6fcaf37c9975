import { z } from "./zod";

export const accountIdSchema = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "Account ids are 1-63 lowercase letters, digits or hyphens.");

/** The queue service's naming rules, with a message for each rule a name can break. */
export const queueNameSchema = z
  .string()
  .min(3, "Queue names are at least 3 characters long.")
  .max(63, "Queue names are at most 63 characters long.")
  .regex(/^[a-z0-9-]*$/, "Queue names use only lowercase letters, digits and hyphens.")
  .regex(/^[a-z0-9]/, "Queue names start with a letter or digit.")
  .regex(/[a-z0-9]$/, "Queue names end with a letter or digit.")
  .refine((n) => !n.includes("--"), "Queue names cannot contain two hyphens in a row.");

/** "1"/"true" style query flags. */
export const queryFlag = z
  .enum(["1", "0", "true", "false", ""])
  .optional()
  .transform((v) => v === "1" || v === "true");
