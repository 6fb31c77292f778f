import { and, desc, eq, gte, lt } from "drizzle-orm";
import { newId } from "../../core/ids";
import type { SignatureScheme } from "../../core/webhooks/inbound";
import { HOOK_KEY_PREFIX } from "../../core/webhooks/intake";
import { newSigningSecret } from "../../core/webhooks/secret";
import { idempotencyKeys } from "../../db/schema/jobs";
import { tenants } from "../../db/schema/tenants";
import { inboundHooks } from "../../db/schema/webhooks";
import type { SecretBox } from "../webhooks/secret-box";
import type { Db } from "./db";

type HookRow = typeof inboundHooks.$inferSelect;
export type HookView = Omit<HookRow, "secret" | "tenantId">;
export type ResolvedHook = Omit<HookRow, "secret"> & { secret: string };

function view(row: HookRow): HookView {
  const { secret: _secret, tenantId: _tenantId, ...rest } = row;
  return rest;
}

/** One tenant's inbound hooks: every query filters by the tenant. */
export class TenantHooks {
  constructor(
    private readonly db: Db,
    readonly tenantId: string,
    private readonly box: SecretBox,
  ) {}

  /** Creates a hook; its plain secret is returned here once. */
  async create(input: {
    scheme: SignatureScheme;
    keywordPointer: string;
    defaults: Record<string, unknown>;
    description?: string;
  }): Promise<{ secret: string; hook: HookView }> {
    const secret = newSigningSecret();
    const [row] = await this.db
      .insert(inboundHooks)
      .values({
        id: newId("hook"),
        tenantId: this.tenantId,
        secret: await this.box.seal(secret),
        scheme: input.scheme,
        keywordPointer: input.keywordPointer,
        defaults: input.defaults,
        description: input.description ?? null,
      })
      .returning();
    return { secret, hook: view(row as HookRow) };
  }

  async list(): Promise<HookView[]> {
    const rows = await this.db
      .select()
      .from(inboundHooks)
      .where(eq(inboundHooks.tenantId, this.tenantId))
      .orderBy(desc(inboundHooks.createdAt))
      .all();
    return rows.map(view);
  }

  async get(id: string): Promise<HookView | undefined> {
    const row = await this.db
      .select()
      .from(inboundHooks)
      .where(and(eq(inboundHooks.tenantId, this.tenantId), eq(inboundHooks.id, id)))
      .get();
    return row ? view(row) : undefined;
  }

  async remove(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(inboundHooks)
      .where(and(eq(inboundHooks.tenantId, this.tenantId), eq(inboundHooks.id, id)))
      .returning({ id: inboundHooks.id });
    if (rows.length > 0) {
      // The hook's remembered calls go with it: its idempotency keys, `hook:<id>:…` (";" sorts right after ":").
      const prefix = `${HOOK_KEY_PREFIX}${id}:`;
      await this.db
        .delete(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.tenantId, this.tenantId),
            gte(idempotencyKeys.key, prefix),
            lt(idempotencyKeys.key, `${prefix.slice(0, -1)};`),
          ),
        );
    }
    return rows.length > 0;
  }
}

/**
 * The unauthenticated side of inbound hooks: `/hooks/<id>` has no API key, so the hook id finds the tenant and
 * the signature (checked by the intake) is the credential.
 */
export class HookDirectory {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  /** The hook with its secret opened; undefined for an unknown hook or one whose tenant is disabled. */
  async resolve(id: string): Promise<ResolvedHook | undefined> {
    const found = await this.db
      .select({ hook: inboundHooks })
      .from(inboundHooks)
      .innerJoin(tenants, eq(inboundHooks.tenantId, tenants.id))
      .where(and(eq(inboundHooks.id, id), eq(tenants.disabled, false)))
      .get();
    return found ? { ...found.hook, secret: await this.box.open(found.hook.secret) } : undefined;
  }
}
