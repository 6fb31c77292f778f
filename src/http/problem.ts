import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { PermanentError } from "../core/errors";

/** RFC 9457 problem details: the one error shape of the whole API. */
export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: "/problems/validation-failed" }),
    title: z.string().openapi({ example: "Validation failed" }),
    status: z.number().int().openapi({ example: 400 }),
    detail: z.string().optional(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string(), code: z.string().optional() })).optional(),
  })
  .openapi("Problem");

export type Problem = z.infer<typeof ProblemSchema>;
export type FieldError = NonNullable<Problem["errors"]>[number];

const TITLES: Record<string, string> = {
  "bad-request": "Bad request",
  "validation-failed": "Validation failed",
  unauthorized: "Unauthorized",
  forbidden: "Forbidden",
  "not-found": "Not found",
  "method-not-allowed": "Method not allowed",
  conflict: "Conflict",
  "payload-too-large": "Payload too large",
  "unsupported-media-type": "Unsupported media type",
  "unprocessable-content": "Unprocessable content",
  "rate-limited": "Too many requests",
  "budget-exceeded": "Budget exceeded",
  internal: "Internal server error",
  "service-unavailable": "Service unavailable",
  misconfigured: "Service misconfigured",
  "upstream-failed": "Upstream failed",
};

/** An error a handler throws to answer with a specific problem. */
export class ProblemError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    detail?: string,
    readonly extra: { errors?: FieldError[]; headers?: Record<string, string> } = {},
  ) {
    super(detail ?? TITLES[code] ?? code);
  }
}

/**
 * Server settings that do not parse, met by an operator's (admin) route: the operator's to fix, so the answer is a
 * 503 `/problems/misconfigured` whose detail names the setting, and the detail is logged.
 */
export function misconfigured(c: Context, detail: string): ProblemError {
  c.get("log")?.error("service misconfigured", { path: new URL(c.req.url).pathname, detail });
  return new ProblemError(503, "misconfigured", detail);
}

/**
 * `read()` (settings, or what is built from them), with the `PermanentError` of `code` it throws for settings that do
 * not parse answered as `misconfigured`.
 */
export async function misconfiguredOn<T>(c: Context, code: string, read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof PermanentError && error.code === code) throw misconfigured(c, error.message);
    throw error;
  }
}

/** The OpenAPI response for `misconfigured`, saying which settings the route reads. */
export function misconfiguredResponse(settings: string) {
  return {
    503: {
      description: `${settings} invalid (\`/problems/misconfigured\`, the detail naming the setting and what is wrong with it)`,
      content: { "application/problem+json": { schema: ProblemSchema } },
    },
  };
}

export function problemBody(c: Context, status: number, code: string, detail?: string, errors?: FieldError[]): Problem {
  const requestId = c.get("requestId") as string | undefined;
  return {
    type: `/problems/${code}`,
    title: TITLES[code] ?? code,
    status,
    ...(detail ? { detail } : {}),
    instance: new URL(c.req.url).pathname,
    ...(requestId ? { requestId } : {}),
    ...(errors?.length ? { errors } : {}),
  };
}

export function problem(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  detail?: string,
  errors?: FieldError[],
  headers?: Record<string, string>,
): Response {
  return new Response(JSON.stringify(problemBody(c, status, code, detail, errors)), {
    status,
    headers: {
      "content-type": "application/problem+json",
      ...(c.get("requestId") ? { "x-request-id": c.get("requestId") as string } : {}),
      ...headers,
    },
  });
}

/** zod issues as problem `errors[]`, with a dotted path a client can point at a field. */
export function zodErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join(".") || "(body)",
    message: issue.message,
    code: issue.code,
  }));
}

/** Standard responses for OpenAPI route definitions. */
export function problemResponses(...statuses: number[]) {
  const out: Record<number, { description: string; content: Record<string, { schema: typeof ProblemSchema }> }> = {};
  for (const status of statuses) {
    out[status] = {
      description: TITLES[codeFor(status)] ?? "Error",
      content: { "application/problem+json": { schema: ProblemSchema } },
    };
  }
  return out;
}

function codeFor(status: number): string {
  const map: Record<number, string> = {
    400: "validation-failed",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    409: "conflict",
    413: "payload-too-large",
    422: "unprocessable-content",
    429: "rate-limited",
    500: "internal",
    503: "service-unavailable",
  };
  return map[status] ?? "internal";
}
