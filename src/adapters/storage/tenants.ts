import { and, desc, eq, isNull } from "drizzle-orm";
import { newId, randomBase62, sha256Hex } from "../../core/ids";
import { apiKeys, tenants } from "../../db/schema/tenants";
import type { Db } from "./db";

export type Tenant = typeof tenants.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type ApiKeyView = Omit<ApiKeyRow, "hash" | "tenantId">;

export const KEY_PREFIX = "obk_";
const VISIBLE_PREFIX_LENGTH = KEY_PREFIX.length + 8;

function view(row: ApiKeyRow): ApiKeyView {
  const { hash: _hash, tenantId: _tenantId, ...rest } = row;
  return rest;
}

/** Operator-level access to tenants: only admin routes hold one. */
export class TenantDirectory {
  constructor(private readonly db: Db) {}

  async create(input: { name: string; plan?: string }): Promise<Tenant> {
    const [row] = await this.db
      .insert(tenants)
      .values({ id: newId("ten"), name: input.name, plan: input.plan ?? "free" })
      .returning();
    return row as Tenant;
  }

  list(): Promise<Tenant[]> {
    return this.db.select().from(tenants).orderBy(desc(tenants.createdAt)).all();
  }

  async get(id: string): Promise<Tenant | undefined> {
    return this.db.select().from(tenants).where(eq(tenants.id, id)).get();
  }

  async update(id: string, patch: { disabled?: boolean; plan?: string; name?: string }): Promise<Tenant | undefined> {
    const [row] = await this.db.update(tenants).set(patch).where(eq(tenants.id, id)).returning();
    return row;
  }

  /** Everything about one tenant's keys goes through the tenant-scoped store. */
  keysOf(tenantId: string): TenantKeys {
    return new TenantKeys(this.db, tenantId);
  }

  /** Resolves a presented key to its active tenant, or undefined for unknown, revoked or disabled. */
  async authenticate(presented: string): Promise<Tenant | undefined> {
    if (!presented.startsWith(KEY_PREFIX) || presented.length > 200) return undefined;
    const hash = await sha256Hex(presented);
    const row = await this.db
      .select({ tenant: tenants })
      .from(apiKeys)
      .innerJoin(tenants, eq(apiKeys.tenantId, tenants.id))
      .where(and(eq(apiKeys.hash, hash), isNull(apiKeys.revokedAt), eq(tenants.disabled, false)))
      .get();
    return row?.tenant;
  }
}

/** One tenant's API keys: every query is filtered by the tenant it was built for. */
export class TenantKeys {
  constructor(
    private readonly db: Db,
    readonly tenantId: string,
  ) {}

  /** Creates a key; the plain key is returned here once and never stored. */
  async create(name?: string): Promise<{ key: string; row: ApiKeyView }> {
    const key = `${KEY_PREFIX}${randomBase62(43)}`;
    const [row] = await this.db
      .insert(apiKeys)
      .values({
        id: newId("key"),
        tenantId: this.tenantId,
        name: name ?? null,
        prefix: key.slice(0, VISIBLE_PREFIX_LENGTH),
        hash: await sha256Hex(key),
      })
      .returning();
    return { key, row: view(row as ApiKeyRow) };
  }

  async list(): Promise<ApiKeyView[]> {
    const rows = await this.db
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.tenantId, this.tenantId))
      .orderBy(desc(apiKeys.createdAt))
      .all();
    return rows.map(view);
  }

  async get(id: string): Promise<ApiKeyView | undefined> {
    const row = await this.db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.tenantId, this.tenantId), eq(apiKeys.id, id)))
      .get();
    return row ? view(row) : undefined;
  }

  async revoke(id: string): Promise<boolean> {
    const rows = await this.db
      .update(apiKeys)
      .set({ revokedAt: new Date().toISOString() })
      .where(and(eq(apiKeys.tenantId, this.tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    return rows.length > 0;
  }
}
