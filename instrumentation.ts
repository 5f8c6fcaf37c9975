// Fails the server start on invalid account configuration (naming the entry and field) or an
// unreachable state store, instead of failing on the first request; then starts the job workers.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { validateConfigurationOrExit } = await import("./lib/config/validate-at-start");
    validateConfigurationOrExit();
    const { bootJobs } = await import("./lib/jobs/boot");
    await bootJobs();
  }
}
