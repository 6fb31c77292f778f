import { z } from "@hono/zod-openapi";
import { BATCH_KEY_PREFIX, IdempotencyConflict } from "../core/app/submit";
import { HOOK_KEY_PREFIX } from "../core/webhooks/intake";
import { ProblemError } from "../http/problem";

/** Prefixes of the keys the API records for itself: a caller's key may not take one's place. */
const RESERVED = [
  { prefix: HOOK_KEY_PREFIX, for: "the calls of inbound hooks" },
  { prefix: BATCH_KEY_PREFIX, for: "the jobs of batches" },
];

/** The headers of a request that starts work: its `Idempotency-Key` and the trace it continues. */
export const IdempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .min(1)
    .max(255)
    .superRefine((key, ctx) => {
      const reserved = RESERVED.find((entry) => key.startsWith(entry.prefix));
      if (reserved)
        ctx.addIssue({
          code: "custom",
          message: `Keys that start with "${reserved.prefix}" are kept for ${reserved.for}`,
        });
    })
    .optional()
    .openapi({
      description: `Same key and body → the same response; same key, other body → 422. Keys may not start with ${RESERVED.map((entry) => `"${entry.prefix}"`).join(" or ")}`,
    }),
  // Not bounded or checked here: one the job cannot continue (malformed, or two joined by a proxy) starts a new trace,
  // as on every other route, rather than refusing the request.
  traceparent: z
    .string()
    .optional()
    .openapi({ description: "W3C trace context; the job continues a valid one and starts a new trace otherwise" }),
});

/** A key used before with another body is the caller's mistake: 422, as the header's description says. */
export function refuseIdempotencyConflict(error: unknown): void {
  if (error instanceof IdempotencyConflict) throw new ProblemError(422, "unprocessable-content", error.message);
}
