/** The outbound event types a tenant can subscribe to. */
export const WEBHOOK_EVENT_TYPES = ["article.completed", "article.failed"] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Which event a finished job emits; undefined while the job is still running. */
export function eventTypeForStatus(status: string): WebhookEventType | undefined {
  if (status === "completed") return "article.completed";
  if (status === "failed") return "article.failed";
  return undefined;
}
