import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { newId } from "../../core/ids";
import type { WebhookEventType } from "../../core/webhooks/events";
import { newSigningSecret, PREVIOUS_SECRET_GRACE_MS } from "../../core/webhooks/secret";
import { webhookEndpoints, webhookSigningSecrets } from "../../db/schema/webhooks";
import type { SecretBox } from "../webhooks/secret-box";
import type { Db } from "./db";

type EndpointRow = typeof webhookEndpoints.$inferSelect;
export type WebhookEndpointView = Omit<
  EndpointRow,
  "secret" | "tenantId" | "activeSince" | "previousSecret" | "previousSecretExpiresAt"
>;
export type Subscriber = { endpointId: string; url: string };

function view(row: EndpointRow): WebhookEndpointView {
  const {
    secret: _secret,
    tenantId: _tenantId,
    activeSince: _activeSince,
    previousSecret: _previousSecret,
    previousSecretExpiresAt: _previousSecretExpiresAt,
    ...rest
  } = row;
  return rest;
}

/** Since when an endpoint has received `type`: rows from before the record of it, since they were created. */
function activeSince(row: Pick<EndpointRow, "activeSince" | "createdAt">, type: string): string {
  const since = activeTimes(row.activeSince)[type];
  return typeof since === "string" ? since : row.createdAt;
}

/** The stored times by event type; anything that does not read as such a map (absent, malformed) holds none. */
function activeTimes(stored: string | null): Record<string, unknown> {
  if (!stored) return {};
  try {
    const parsed: unknown = JSON.parse(stored);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** Tries at a PATCH whose row changed between its read and its write, before it gives up. */
const UPDATE_TRIES = 5;

/** One tenant's outbound webhook endpoints and default signing secret: every query filters by the tenant. */
export class TenantWebhooks {
  constructor(
    private readonly db: Db,
    readonly tenantId: string,
    private readonly box: SecretBox,
  ) {}

  /** Registers an endpoint; its plain secret is returned here once. */
  async create(input: {
    url: string;
    events: WebhookEventType[];
    description?: string;
  }): Promise<{ secret: string; endpoint: WebhookEndpointView }> {
    const secret = newSigningSecret();
    const [row] = await this.db
      .insert(webhookEndpoints)
      .values({
        id: newId("whe"),
        tenantId: this.tenantId,
        url: input.url,
        secret: await this.box.seal(secret),
        events: input.events,
        description: input.description ?? null,
        activeSince: JSON.stringify(Object.fromEntries(input.events.map((type) => [type, new Date().toISOString()]))),
      })
      .returning();
    return { secret, endpoint: view(row as EndpointRow) };
  }

  async list(): Promise<WebhookEndpointView[]> {
    const rows = await this.db
      .select()
      .from(webhookEndpoints)
      .where(eq(webhookEndpoints.tenantId, this.tenantId))
      .orderBy(desc(webhookEndpoints.createdAt))
      .all();
    return rows.map(view);
  }

  async get(id: string): Promise<WebhookEndpointView | undefined> {
    const row = await this.db
      .select()
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.tenantId, this.tenantId), eq(webhookEndpoints.id, id)))
      .get();
    return row ? view(row) : undefined;
  }

  async update(
    id: string,
    patch: { events?: WebhookEventType[]; disabled?: boolean; description?: string | null },
  ): Promise<WebhookEndpointView | undefined> {
    const where = and(eq(webhookEndpoints.tenantId, this.tenantId), eq(webhookEndpoints.id, id));
    const set = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined));
    for (let tried = 0; tried < UPDATE_TRIES; tried++) {
      const current = await this.db.select().from(webhookEndpoints).where(where).get();
      if (!current) return undefined;
      // A type it receives from now on (added, or every type on re-enabling) counts from now; the others keep their
      // time, so a run it was owed all along stays owed (see `subscribers`).
      const now = new Date().toISOString();
      const reEnabled = patch.disabled === false && current.disabled;
      const since = Object.fromEntries(
        (patch.events ?? current.events).map((type) => [
          type,
          reEnabled || !current.events.includes(type) ? now : activeSince(current, type),
        ]),
      );
      // Written only over the row as read: a PATCH that changed it meanwhile makes this one read it again, so
      // neither loses the other's times.
      const [row] = await this.db
        .update(webhookEndpoints)
        .set({ ...set, activeSince: JSON.stringify(since) })
        .where(
          and(
            where,
            eq(webhookEndpoints.disabled, current.disabled),
            sql`${webhookEndpoints.events} = ${JSON.stringify(current.events)}`,
            current.activeSince === null
              ? isNull(webhookEndpoints.activeSince)
              : eq(webhookEndpoints.activeSince, current.activeSince),
          ),
        )
        .returning();
      if (row) return view(row);
    }
    throw new Error("the endpoint kept changing while it was being updated");
  }

  async disable(id: string): Promise<void> {
    await this.update(id, { disabled: true });
  }

  async remove(id: string): Promise<boolean> {
    const rows = await this.db
      .delete(webhookEndpoints)
      .where(and(eq(webhookEndpoints.tenantId, this.tenantId), eq(webhookEndpoints.id, id)))
      .returning({ id: webhookEndpoints.id });
    return rows.length > 0;
  }

  /** Enabled endpoints subscribed to `type`, since `endedAt` or before when given. */
  async subscribers(type: WebhookEventType, endedAt?: string): Promise<Subscriber[]> {
    const rows = await this.db
      .select({
        id: webhookEndpoints.id,
        url: webhookEndpoints.url,
        events: webhookEndpoints.events,
        activeSince: webhookEndpoints.activeSince,
        createdAt: webhookEndpoints.createdAt,
      })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.tenantId, this.tenantId), eq(webhookEndpoints.disabled, false)))
      .all();
    return rows
      .filter((row) => row.events.includes(type) && (endedAt === undefined || activeSince(row, type) <= endedAt))
      .map((row) => ({ endpointId: row.id, url: row.url }));
  }

  /**
   * The secrets that sign a delivery to one endpoint, if the endpoint still exists: its secret, and the one a
   * rotation replaced while its grace period lasts.
   */
  async endpointSecrets(id: string, now = new Date()): Promise<{ secret: string; previous?: string } | undefined> {
    const row = await this.db
      .select({
        secret: webhookEndpoints.secret,
        previousSecret: webhookEndpoints.previousSecret,
        previousSecretExpiresAt: webhookEndpoints.previousSecretExpiresAt,
      })
      .from(webhookEndpoints)
      .where(and(eq(webhookEndpoints.tenantId, this.tenantId), eq(webhookEndpoints.id, id)))
      .get();
    if (!row) return undefined;
    const secret = await this.box.open(row.secret);
    const previous =
      row.previousSecretExpiresAt && row.previousSecretExpiresAt > now.toISOString() ? row.previousSecret : null;
    return previous ? { secret, previous: await this.box.open(previous) } : { secret };
  }

  /**
   * Gives an endpoint a new secret, returned here once. The old one keeps signing beside it for a day; a rotation
   * within that day drops the secret before it, which the receiver was told to stop using already.
   */
  async rotateSecret(
    id: string,
    now = new Date(),
  ): Promise<{ secret: string; previousSecretExpiresAt: string } | undefined> {
    const secret = newSigningSecret();
    const previousSecretExpiresAt = new Date(now.getTime() + PREVIOUS_SECRET_GRACE_MS).toISOString();
    const [row] = await this.db
      .update(webhookEndpoints)
      .set({
        secret: await this.box.seal(secret),
        previousSecret: sql`${webhookEndpoints.secret}`,
        previousSecretExpiresAt,
      })
      .where(and(eq(webhookEndpoints.tenantId, this.tenantId), eq(webhookEndpoints.id, id)))
      .returning({ id: webhookEndpoints.id });
    return row ? { secret, previousSecretExpiresAt } : undefined;
  }

  /** Replaces the tenant's default signing secret and returns the new one, once. */
  async rotateDefaultSecret(): Promise<{ secret: string; createdAt: string }> {
    const secret = newSigningSecret();
    const createdAt = new Date().toISOString();
    const sealed = await this.box.seal(secret);
    await this.db
      .insert(webhookSigningSecrets)
      .values({ tenantId: this.tenantId, secret: sealed, createdAt })
      .onConflictDoUpdate({ target: webhookSigningSecrets.tenantId, set: { secret: sealed, createdAt } });
    return { secret, createdAt };
  }

  /**
   * The default secret that signs per-request `webhookUrl` deliveries. If the tenant never created one, one is
   * made now so no delivery goes out unsigned; the tenant learns a usable value by rotating it.
   */
  async defaultSecret(): Promise<string> {
    const row = await this.db
      .select({ secret: webhookSigningSecrets.secret })
      .from(webhookSigningSecrets)
      .where(eq(webhookSigningSecrets.tenantId, this.tenantId))
      .get();
    if (row) return this.box.open(row.secret);
    const secret = newSigningSecret();
    await this.db
      .insert(webhookSigningSecrets)
      .values({ tenantId: this.tenantId, secret: await this.box.seal(secret) })
      .onConflictDoNothing();
    const stored = await this.db
      .select({ secret: webhookSigningSecrets.secret })
      .from(webhookSigningSecrets)
      .where(eq(webhookSigningSecrets.tenantId, this.tenantId))
      .get();
    return stored ? this.box.open(stored.secret) : secret;
  }
}
