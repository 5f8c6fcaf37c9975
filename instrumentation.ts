// Fails the server start on invalid account configuration (naming the entry and field), or on a
// state store that cannot be reached, instead of failing on the first request. Then reads what
// sign-in needs from the state store (old .data files imported, whether local users exist, the
// session key), starts the job workers and subscribes alert evaluation to sample rounds.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { validateConfigurationOrExit } = await import("./lib/config/validate-at-start");
    validateConfigurationOrExit();
    const { authReadyOrExit } = await import("./lib/auth/ready");
    await authReadyOrExit();
    const { bootJobs } = await import("./lib/jobs/boot");
    await bootJobs();
    const { bootAlerts } = await import("./lib/metrics/boot");
    bootAlerts();
  }
}
