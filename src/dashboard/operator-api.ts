import { z } from "zod";
import type { ApiFetch, ApiResult } from "./api";
import { ProblemSchema } from "./api-types";

/** What the operator pages read from `/v1/admin/*`, loosely: the pages show what is there. */
export const ProvidersSchema = z.object({
  data: z.array(
    z.looseObject({
      name: z.string(),
      model: z.string(),
      breaker: z.string(),
      remaining: z.object({ requests: z.number(), tokens: z.number() }),
      recentErrors: z.array(z.object({ at: z.string(), error: z.string() })),
      latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
      calls: z.number(),
    }),
  ),
});

export const QueuesSchema = z.object({
  outbox: z.array(z.object({ queue: z.string(), unsent: z.number(), oldestUnsentAgeSeconds: z.number().nullable() })),
  jobs: z.array(z.object({ status: z.string(), count: z.number(), oldestStageAgeSeconds: z.number().nullable() })),
});

export const SloSchema = z.object({
  data: z.array(
    z.looseObject({
      name: z.string(),
      objective: z.number(),
      windows: z.array(z.object({ seconds: z.number(), good: z.number(), total: z.number(), burnRate: z.number() })),
      firing: z.object({ severity: z.string(), burnRate: z.number() }).nullable(),
      alert: z.object({ firing: z.boolean(), since: z.string(), notified: z.boolean() }).nullable(),
    }),
  ),
  alertWebhook: z.boolean(),
});

export const FailuresSchema = z.object({
  data: z.array(
    z.object({
      jobId: z.string(),
      tenantId: z.string(),
      keyword: z.string(),
      errorCode: z.string().nullable(),
      errorMessage: z.string().nullable(),
      traceId: z.string(),
      failedAt: z.string(),
    }),
  ),
});

export type Providers = z.infer<typeof ProvidersSchema>;
export type Queues = z.infer<typeof QueuesSchema>;
export type Slos = z.infer<typeof SloSchema>;
export type Failures = z.infer<typeof FailuresSchema>;

/** A client of the admin API, acting with the operator's admin token. */
export class OperatorApi {
  constructor(
    private readonly fetchApi: ApiFetch,
    private readonly origin: string,
    private readonly token: string,
  ) {}

  providers = () => this.json("/v1/admin/providers", ProvidersSchema);
  queues = () => this.json("/v1/admin/queues", QueuesSchema);
  slo = () => this.json("/v1/admin/slo", SloSchema);
  failures = () => this.json("/v1/admin/failures?limit=25", FailuresSchema);

  private async json<T>(path: string, schema: z.ZodType<T, unknown>): Promise<ApiResult<T>> {
    const response = await this.fetchApi(
      new Request(`${this.origin}${path}`, { headers: { authorization: `Bearer ${this.token}` } }),
    );
    const body = await response.json().catch(() => undefined);
    if (!response.ok) {
      const problem = ProblemSchema.safeParse(body);
      return {
        ok: false,
        problem: problem.success ? problem.data : { status: response.status, title: "Request failed" },
      };
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      return { ok: false, problem: { status: 502, title: "The API answered in an unexpected shape" } };
    return { ok: true, value: parsed.data };
  }
}
