import type { z } from "zod";
import {
  type ApiProblem,
  CreatedJobSchema,
  type JobEvent,
  JobEventsSchema,
  type JobPage,
  JobPageSchema,
  type JobView,
  JobViewSchema,
  ProblemSchema,
  type TenantInfo,
  TenantSchema,
  type TenantTotals,
  TenantTotalsSchema,
} from "./api-types";

/** How the dashboard reaches the API: in the Worker this is the app's own `fetch`, in tests a stub. */
export type ApiFetch = (request: Request) => Promise<Response>;

export type ApiResult<T> = { ok: true; value: T } | { ok: false; problem: ApiProblem };

export interface JobQuery {
  status?: string;
  keyword?: string;
  cursor?: string;
  limit?: number;
}

/** A typed client of the public `/v1` API, acting with one tenant's API key. */
export class DashboardApi {
  constructor(
    private readonly fetchApi: ApiFetch,
    private readonly origin: string,
    private readonly key: string,
  ) {}

  me(): Promise<ApiResult<TenantInfo>> {
    return this.json("/v1/me", TenantSchema);
  }

  listJobs(query: JobQuery = {}): Promise<ApiResult<JobPage>> {
    const params = new URLSearchParams();
    if (query.status) params.set("status", query.status);
    if (query.keyword) params.set("keyword", query.keyword);
    if (query.cursor) params.set("cursor", query.cursor);
    if (query.limit) params.set("limit", String(query.limit));
    const search = params.size ? `?${params}` : "";
    return this.json(`/v1/articles${search}`, JobPageSchema);
  }

  getJob(id: string): Promise<ApiResult<JobView>> {
    return this.json(`/v1/articles/${encodeURIComponent(id)}`, JobViewSchema);
  }

  events(id: string): Promise<ApiResult<JobEvent[]>> {
    return this.json(`/v1/articles/${encodeURIComponent(id)}/events`, JobEventsSchema, {
      headers: { accept: "application/json" },
    });
  }

  async articleHtml(id: string): Promise<ApiResult<string>> {
    const response = await this.send(`/v1/articles/${encodeURIComponent(id)}?format=html`, {
      headers: { accept: "text/html" },
    });
    if (!response.ok) return { ok: false, problem: await problemOf(response) };
    return { ok: true, value: await response.text() };
  }

  /** `idempotencyKey` makes a repeated submission (a double click, a resent form) return the same job. */
  createJob(body: unknown, idempotencyKey?: string): Promise<ApiResult<{ id: string }>> {
    return this.json("/v1/articles", CreatedJobSchema, {
      method: "POST",
      headers: { "content-type": "application/json", ...(idempotencyKey ? { "idempotency-key": idempotencyKey } : {}) },
      body: JSON.stringify(body),
    });
  }

  tenantTotals(): Promise<ApiResult<TenantTotals>> {
    return this.json("/v1/analytics", TenantTotalsSchema);
  }

  /**
   * The job's server-sent events, passed through as a stream (the browser cannot send the key itself); asked with
   * HEAD, the stream's headers only.
   */
  eventStream(id: string, lastEventId?: string, method: "GET" | "HEAD" = "GET"): Promise<Response> {
    return this.send(`/v1/articles/${encodeURIComponent(id)}/events`, {
      method,
      headers: { accept: "text/event-stream", ...(lastEventId ? { "last-event-id": lastEventId } : {}) },
    });
  }

  private send(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set("authorization", `Bearer ${this.key}`);
    return this.fetchApi(new Request(`${this.origin}${path}`, { ...init, headers }));
  }

  private async json<T>(path: string, schema: z.ZodType<T, unknown>, init?: RequestInit): Promise<ApiResult<T>> {
    const response = await this.send(path, init);
    if (!response.ok) return { ok: false, problem: await problemOf(response) };
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success)
      return { ok: false, problem: { status: 502, title: "The API answered in an unexpected shape" } };
    return { ok: true, value: parsed.data };
  }
}

async function problemOf(response: Response): Promise<ApiProblem> {
  const parsed = ProblemSchema.safeParse(await response.json().catch(() => undefined));
  return parsed.success ? parsed.data : { status: response.status, title: response.statusText || "Request failed" };
}
