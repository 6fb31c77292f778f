import type { Tenant } from "../adapters/storage/tenants";
import type { EdgeServices } from "../composition/edge";
import type { JobServices } from "../composition/jobs";
import type { Config } from "../config";
import type { Logger } from "../logger";

/** What every handler can read with `c.get()`: set once by middleware. */
export type AppVariables = {
  requestId: string;
  config: Config;
  log: Logger;
  tenant: Tenant;
  /** The job graph, built once per request. */
  jobs: JobServices;
  /** What else the edges use (tenants, hooks, webhooks, metrics, cache, providers, writer), built once per request. */
  edge: EdgeServices;
  /** The tenant's RateLimit-* headers after the request's last take from its bucket. */
  rateLimitHeaders?: Record<string, string>;
};

export type AppEnv = { Bindings: Env; Variables: AppVariables };
