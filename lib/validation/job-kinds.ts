// The job kinds, states and export decodings as plain constants: the pages' client code reads these
// without loading zod and the schemas (lib/validation/jobs re-exports them for the server).
export const JOB_KINDS = ["move", "clear", "send", "export", "purge"] as const;
export type JobKind = (typeof JOB_KINDS)[number];
/**
 * `succeeded`: everything asked was done. `partial`: some of it (the note says what is left and
 * why). `nothing_to_do`: there was nothing to act on. `interrupted`: stopped and cannot resume
 * (the note says why). A job whose owner died stays `running` until another instance adopts it.
 */
export type JobState = "running" | "succeeded" | "partial" | "nothing_to_do" | "failed" | "cancelled" | "interrupted";
export const FINISHED_OK_STATES: readonly JobState[] = ["succeeded", "nothing_to_do"];

export const DECODE_AS = ["raw", "decoded", "both"] as const;
export type DecodeAs = (typeof DECODE_AS)[number];
