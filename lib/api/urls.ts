// Every API and page path the browser builds, in one place: names are always encoded, and a route
// that moves is changed here once.
const enc = encodeURIComponent;

export const apiUrls = {
  health: () => "/api/health",
  accounts: () => "/api/accounts",
  jobs: () => "/api/jobs",
  job: (id: string) => `/api/jobs/${enc(id)}`,
  audit: (params: URLSearchParams) => `/api/audit?${params}`,
  signIn: () => "/api/auth/sign-in",
  signOut: () => "/api/auth/sign-out",
  oidcStart: (next: string) => `/api/auth/oidc/start?next=${enc(next)}`,
  service: (account: string) => `/api/accounts/${enc(account)}/service`,
  queues: (account: string, params?: URLSearchParams) =>
    `/api/accounts/${enc(account)}/queues${params ? `?${params}` : ""}`,
  queue: (account: string, queue: string) => `/api/accounts/${enc(account)}/queues/${enc(queue)}`,
  messages: (account: string, queue: string) => `/api/accounts/${enc(account)}/queues/${enc(queue)}/messages`,
  message: (account: string, queue: string, id: string) =>
    `/api/accounts/${enc(account)}/queues/${enc(queue)}/messages/${enc(id)}`,
};

export const pageUrls = {
  queues: (account: string) => `/accounts/${enc(account)}/queues`,
  queue: (account: string, queue: string) => `/accounts/${enc(account)}/queues/${enc(queue)}`,
  settings: (account: string) => `/accounts/${enc(account)}/settings`,
  jobs: () => "/jobs",
  audit: () => "/audit",
};
