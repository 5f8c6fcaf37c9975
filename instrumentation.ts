// Fails the server start on invalid account configuration, naming the entry and field,
// instead of failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { validateConfigurationOrExit } = await import("./lib/config/validate-at-start");
    validateConfigurationOrExit();
  }
}
