import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createDb } from "../src/adapters/storage/db";
import { TenantWebhooks } from "../src/adapters/storage/webhooks";
import { HookDirectory, TenantHooks } from "../src/adapters/storage/webhooks-hooks";
import { SecretBox } from "../src/adapters/webhooks/secret-box";
import { createTenant } from "./helpers";

const box = new SecretBox("storage test passphrase");

describe("webhook storage", () => {
  it("seals endpoint and hook secrets at rest when a key is configured, and opens them for signing", async () => {
    const tenant = await createTenant("Sealed");
    const db = createDb(env.DB);
    const webhooks = new TenantWebhooks(db, tenant.id, box);
    const { secret, endpoint } = await webhooks.create({
      url: "https://r.example.com/",
      events: ["article.completed"],
    });
    const stored = await env.DB.prepare("SELECT secret FROM webhook_endpoints WHERE id = ?")
      .bind(endpoint.id)
      .first<{ secret: string }>();
    expect(stored?.secret).toMatch(/^enc:v1:/);
    expect(stored?.secret).not.toContain(secret.slice(6));
    expect(await webhooks.endpointSecret(endpoint.id)).toBe(secret);

    const hooks = new TenantHooks(db, tenant.id, box);
    const created = await hooks.create({ scheme: "standard", keywordPointer: "/k", defaults: {} });
    expect((await new HookDirectory(db, box).resolve(created.hook.id))?.secret).toBe(created.secret);
  });

  it("answers only for the tenant a store was built for", async () => {
    const [owner, other] = [await createTenant("Owner"), await createTenant("Other")];
    const db = createDb(env.DB);
    const { endpoint } = await new TenantWebhooks(db, owner.id, box).create({
      url: "https://r.example.com/",
      events: ["article.failed"],
    });
    const foreign = new TenantWebhooks(db, other.id, box);
    expect(await foreign.get(endpoint.id)).toBeUndefined();
    expect(await foreign.endpointSecret(endpoint.id)).toBeUndefined();
    expect(await foreign.subscribers("article.failed")).toEqual([]);
    expect(await foreign.remove(endpoint.id)).toBe(false);
    expect(await new TenantWebhooks(db, owner.id, box).subscribers("article.failed")).toEqual([
      { endpointId: endpoint.id, url: "https://r.example.com/" },
    ]);
  });

  it("keeps one default signing secret per tenant until it is rotated", async () => {
    const tenant = await createTenant("Default");
    const webhooks = new TenantWebhooks(createDb(env.DB), tenant.id, box);
    const first = await webhooks.defaultSecret();
    expect(await webhooks.defaultSecret()).toBe(first);
    const rotated = await webhooks.rotateDefaultSecret();
    expect(rotated.secret).not.toBe(first);
    expect(await webhooks.defaultSecret()).toBe(rotated.secret);
  });
});
