import type { Context } from "hono";
import { checkUrl } from "../core/research/ssrf";
import type { AppEnv } from "../http/context";
import { ProblemError } from "../http/problem";

/**
 * Refuses a webhook URL the SSRF guard would refuse at delivery, with a 400 naming the field: a URL the sender
 * will never call is bad input now, not a delivery that fails quietly later. Gives the URL as the guard reads it.
 */
export function refuseUnsafeWebhookUrl(c: Context<AppEnv>, url: string, path: string): string;
export function refuseUnsafeWebhookUrl(c: Context<AppEnv>, url: string | undefined, path: string): string | undefined;
export function refuseUnsafeWebhookUrl(c: Context<AppEnv>, url: string | undefined, path: string): string | undefined {
  if (url === undefined) return undefined;
  const check = checkUrl(url, c.get("edge").webhookSettings().allowHosts);
  if (check.ok) return check.url.toString();
  throw new ProblemError(400, "validation-failed", `The webhook URL was refused: ${check.detail}`, {
    errors: [{ path, message: check.detail, code: check.reason }],
  });
}
