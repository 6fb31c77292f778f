import type { ExecutionContext } from "hono";
import type { ApiFetch, DashboardApi } from "./api";
import type { Session } from "./session";

/** Builds the in-process API caller for one request (the Worker's own app, or a stub in tests). */
export type ApiFetchFactory = (env: Env, executionCtx?: ExecutionContext) => ApiFetch;

export type DashboardEnv = {
  Bindings: Env;
  Variables: { session: Session; sessionId: string; api: DashboardApi; apiFetch: ApiFetch };
};
