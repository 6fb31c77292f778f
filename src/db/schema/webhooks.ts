import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { tenants } from "./tenants";

const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`;

/** Receivers a tenant registered for outbound events. `secret` may be sealed at rest (see the secret box). */
export const webhookEndpoints = sqliteTable(
  "webhook_endpoints",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    url: text("url").notNull(),
    secret: text("secret").notNull(),
    events: text("events", { mode: "json" }).$type<string[]>().notNull(),
    description: text("description"),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    createdAt: text("created_at").notNull().default(now),
    /**
     * Since when the endpoint has received each of its event types (JSON: `{"article.completed": "2026-…"}`), set on
     * creation, for a type added to its events, and for all on re-enabling; null for rows from before it, read as
     * `created_at`. A run that ended earlier owes it nothing of that type, so registering, re-enabling or
     * subscribing an endpoint never sends it old outcomes, and what it was owed all along stays owed.
     */
    activeSince: text("active_since"),
    /**
     * The secret a rotation replaced (sealed like `secret`), which still signs deliveries beside the new one until
     * `previousSecretExpiresAt`, so a receiver can switch to the new secret without refusing a delivery.
     */
    previousSecret: text("previous_secret"),
    previousSecretExpiresAt: text("previous_secret_expires_at"),
  },
  (table) => [index("webhook_endpoints_tenant_idx").on(table.tenantId)],
);

/** The tenant's default signing secret, used for per-request `webhookUrl` deliveries. */
export const webhookSigningSecrets = sqliteTable("webhook_signing_secrets", {
  tenantId: text("tenant_id")
    .primaryKey()
    .references(() => tenants.id),
  secret: text("secret").notNull(),
  createdAt: text("created_at").notNull().default(now),
});

/**
 * One row per (job outcome, receiver). `dedupeKey` makes planning idempotent: a redelivered queue message
 * finds the rows it already planned instead of adding new ones.
 */
export const webhookDeliveries = sqliteTable(
  "webhook_deliveries",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    jobId: text("job_id").notNull(),
    endpointId: text("endpoint_id"),
    url: text("url").notNull(),
    eventType: text("event_type").notNull(),
    payload: text("payload").notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    status: text("status", { enum: ["pending", "delivered", "failed"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastStatusCode: integer("last_status_code"),
    lastError: text("last_error"),
    nextAttemptAt: text("next_attempt_at"),
    lockedUntil: text("locked_until"),
    createdAt: text("created_at").notNull().default(now),
    updatedAt: text("updated_at").notNull().default(now),
  },
  (table) => [
    uniqueIndex("webhook_deliveries_dedupe_idx").on(table.dedupeKey),
    index("webhook_deliveries_job_idx").on(table.tenantId, table.jobId),
    index("webhook_deliveries_endpoint_idx").on(table.tenantId, table.endpointId),
  ],
);

/** Inbound hooks: a signed POST to `/hooks/<id>` starts a job mapped from its payload. */
export const inboundHooks = sqliteTable(
  "inbound_hooks",
  {
    id: text("id").primaryKey(),
    tenantId: text("tenant_id")
      .notNull()
      .references(() => tenants.id),
    secret: text("secret").notNull(),
    scheme: text("scheme", { enum: ["standard", "github"] }).notNull(),
    keywordPointer: text("keyword_pointer").notNull(),
    defaults: text("defaults", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    description: text("description"),
    createdAt: text("created_at").notNull().default(now),
  },
  (table) => [index("inbound_hooks_tenant_idx").on(table.tenantId)],
);
