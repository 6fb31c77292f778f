import { z } from "@hono/zod-openapi";
import { ArticleRequestSchema } from "../core/jobs/request";
import { WEBHOOK_EVENT_TYPES } from "../core/webhooks/events";

/** Request and response shapes of the webhook and inbound hook routes, as OpenAPI components. */

export const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

export const pathId = (name: string) =>
  z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name, in: "path" } });

export const EventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .openapi({ example: ["article.completed", "article.failed"] });

export const EndpointSchema = z
  .object({
    id: z.string().openapi({ example: "whe_mh3k2a9Xf3kQ0aZb7c1d" }),
    url: z.string().openapi({ example: "https://example.com/hooks/optiblog" }),
    events: z.array(z.string()),
    description: z.string().nullable(),
    disabled: z.boolean(),
    createdAt: z.string(),
  })
  .openapi("WebhookEndpoint");

export const CreatedEndpointSchema = EndpointSchema.extend({
  secret: z.string().openapi({
    description: "Standard Webhooks signing secret; shown once, store it now.",
    example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  }),
}).openapi("CreatedWebhookEndpoint");

export const DeliverySchema = z
  .object({
    id: z.string().openapi({ example: "whd_mh3k2a9Xf3kQ0aZb7c1d", description: "Also the `webhook-id` header." }),
    jobId: z.string(),
    endpointId: z.string().nullable().openapi({ description: "null for a per-request `webhookUrl`" }),
    url: z.string(),
    eventType: z.string().openapi({ example: "article.completed" }),
    payload: z.unknown(),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("WebhookDelivery");

/** Everything an article request holds except the keyword, which each call's payload supplies. */
export const HookDefaultsSchema = ArticleRequestSchema.omit({ keyword: true });

export const HookSchema = z
  .object({
    id: z.string().openapi({ example: "hook_mh3k2a9Xf3kQ0aZb7c1d" }),
    url: z.string().openapi({ example: "/hooks/hook_mh3k2a9Xf3kQ0aZb7c1d", description: "POST signed payloads here" }),
    scheme: z.enum(["standard", "github"]),
    keywordPointer: z.string().openapi({ example: "/issue/title" }),
    defaults: z.record(z.string(), z.unknown()),
    description: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("InboundHook");

export const CreatedHookSchema = HookSchema.extend({
  secret: z.string().openapi({
    description:
      "Signing secret, shown once. Standard Webhooks senders use it as is; GitHub-style senders use the whole string as the HMAC key.",
    example: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  }),
}).openapi("CreatedInboundHook");

export type HookRecord = Omit<z.infer<typeof HookSchema>, "url">;
export const withUrl = (hook: HookRecord) => ({ ...hook, url: `/hooks/${hook.id}` });

export const HookJobSchema = z
  .object({
    id: z.string().openapi({ example: "job_mh3k2a9Xf3kQ0aZb7c1d" }),
    status: z.string().openapi({ example: "queued" }),
    links: z.record(z.string(), z.string()),
  })
  .openapi("HookJob");
