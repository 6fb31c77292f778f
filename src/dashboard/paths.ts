/** Where the dashboard lives and how its pages link to each other. */
export const BASE = "/dashboard";

export const paths = {
  home: `${BASE}`,
  login: `${BASE}/login`,
  logout: `${BASE}/logout`,
  jobs: `${BASE}/jobs`,
  newJob: `${BASE}/jobs/new`,
  job: (id: string) => `${BASE}/jobs/${encodeURIComponent(id)}`,
  jobEvents: (id: string) => `${BASE}/jobs/${encodeURIComponent(id)}/events`,
  jobPreview: (id: string) => `${BASE}/jobs/${encodeURIComponent(id)}/preview`,
  analytics: `${BASE}/analytics`,
  ops: `${BASE}/ops`,
  opsLogin: `${BASE}/ops/login`,
  opsLogout: `${BASE}/ops/logout`,
  css: `${BASE}/assets/dashboard.css`,
  liveJs: `${BASE}/assets/live.js`,
};
