// The one place zod is imported from. Its JIT compiles object parsers with `new Function`, and
// probes for that the first time a schema is built: under our Content-Security-Policy (no
// 'unsafe-eval') the probe is reported as a violation on every page. Jitless before any schema.
import { z } from "zod";

z.config({ jitless: true });

export { z };
export { ZodError } from "zod";
