import { z } from "zod";
import { parseAllowHosts } from "../../core/research/ssrf";
import { emptyAsUnset } from "../../core/vars";

/** Webhook configuration from `env`, parsed once per env object; a bad value fails loudly here. */
const SettingsSchema = z.object({
  ALLOW_HOSTS: z.string().optional(),
  WEBHOOK_SECRET_KEY: z.string().optional(),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(30_000).default(10_000),
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  HOOK_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
});

export interface WebhookSettings {
  allowHosts: Set<string>;
  secretKey: string | undefined;
  timeoutMs: number;
  maxAttempts: number;
  hookRatePerMinute: number;
}

const cache = new WeakMap<object, WebhookSettings>();

export function webhookSettings(env: object): WebhookSettings {
  const hit = cache.get(env);
  if (hit) return hit;
  const raw = env as Record<string, unknown>;
  const parsed = SettingsSchema.safeParse(
    Object.fromEntries(Object.keys(SettingsSchema.shape).map((name) => [name, emptyAsUnset(raw[name])])),
  );
  if (!parsed.success) {
    throw new Error(
      `invalid webhook configuration: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`,
    );
  }
  const settings: WebhookSettings = {
    allowHosts: parseAllowHosts(parsed.data.ALLOW_HOSTS),
    secretKey: parsed.data.WEBHOOK_SECRET_KEY,
    timeoutMs: parsed.data.WEBHOOK_TIMEOUT_MS,
    maxAttempts: parsed.data.WEBHOOK_MAX_ATTEMPTS,
    hookRatePerMinute: parsed.data.HOOK_RATE_LIMIT_PER_MINUTE,
  };
  cache.set(env, settings);
  return settings;
}
