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
    expect(await webhooks.endpointSecrets(endpoint.id)).toEqual({ secret });

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
    expect(await foreign.endpointSecrets(endpoint.id)).toBeUndefined();
    expect(await foreign.rotateSecret(endpoint.id)).toBeUndefined();
    expect(await foreign.subscribers("article.failed")).toEqual([]);
    expect(await foreign.remove(endpoint.id)).toBe(false);
    expect(await new TenantWebhooks(db, owner.id, box).subscribers("article.failed")).toEqual([
      { endpointId: endpoint.id, url: "https://r.example.com/" },
    ]);
  });

  it("signs with a rotated-out endpoint secret beside the new one for a day, sealed like it, then with the new alone", async () => {
    const tenant = await createTenant("Rotated");
    const webhooks = new TenantWebhooks(createDb(env.DB), tenant.id, box);
    const { secret: first, endpoint } = await webhooks.create({
      url: "https://r.example.com/",
      events: ["article.failed"],
    });
    const at = new Date("2026-12-01T10:00:00.000Z");
    const rotated = await webhooks.rotateSecret(endpoint.id, at);
    expect(rotated).toEqual({
      secret: expect.stringMatching(/^whsec_/),
      previousSecretExpiresAt: "2026-12-02T10:00:00.000Z",
    });
    const second = rotated?.secret as string;
    expect(second).not.toBe(first);
    expect(await webhooks.endpointSecrets(endpoint.id, new Date("2026-12-02T09:59:59.000Z"))).toEqual({
      secret: second,
      previous: first,
    });
    expect(await webhooks.endpointSecrets(endpoint.id, new Date("2026-12-02T10:00:00.000Z"))).toEqual({
      secret: second,
    });
    const stored = await env.DB.prepare("SELECT previous_secret FROM webhook_endpoints WHERE id = ?")
      .bind(endpoint.id)
      .first<{ previous_secret: string }>();
    expect(stored?.previous_secret).toMatch(/^enc:v1:/);
    expect(await webhooks.get(endpoint.id)).not.toHaveProperty("previousSecret");

    // A second rotation within the day: the newest two sign, the first is retired.
    const third = (await webhooks.rotateSecret(endpoint.id, new Date("2026-12-01T12:00:00.000Z")))?.secret;
    expect(await webhooks.endpointSecrets(endpoint.id, at)).toEqual({ secret: third, previous: second });
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
