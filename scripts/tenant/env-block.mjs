// The `[env.<tenant>]` section of wrangler.toml for a tenant's own deployment, derived from the top-level one.
import { stringify } from "smol-toml";

const STAGES = ["research", "write", "deliver"];

/**
 * A tenant name names the worker, the D1 database, the KV namespace and the queues. It must not contain a
 * stage name or `dlq` as a part: the queue consumers read a queue's role from the parts of its name.
 */
export function checkTenantName(name) {
  if (!/^[a-z][a-z0-9-]{1,30}[a-z0-9]$/.test(name ?? ""))
    return "a tenant name is 3-32 lowercase letters, digits and dashes, starting with a letter";
  const clash = name.split("-").find((part) => [...STAGES, "dlq"].includes(part));
  if (clash) return `"${clash}" cannot be part of a tenant name: queue names carry it to mark their stage`;
  return undefined;
}

/** Names wrangler does not inherit into an environment: each env repeats them with its own values. */
export function tenantEnv(top, tenant) {
  // Queue names are the account's, not the worker's: each must name the tenant, or the tenant's worker would
  // consume the top level's messages. `optiblog-research` becomes `optiblog-<tenant>-research`; a queue named
  // otherwise takes the tenant as a last part (`blog-research-dlq` → `blog-research-dlq-<tenant>`).
  const queueName = (queue) =>
    queue.startsWith("optiblog-") ? `optiblog-${tenant}-${queue.slice("optiblog-".length)}` : `${queue}-${tenant}`;
  const env = {
    name: `${top.name}-${tenant}`,
    workers_dev: false,
    routes: [{ pattern: `${tenant}.api.example.com`, custom_domain: true }],
    vars: { ...top.vars, ENVIRONMENT: tenant },
    // The preview ids are the top level's own resources (used by `wrangler dev --remote`): dropped, never shared.
    d1_databases: (top.d1_databases ?? []).map(({ preview_database_id, ...db }) => ({
      ...db,
      database_name: `${db.database_name}-${tenant}`,
      database_id: "00000000-0000-4000-8000-000000000000",
    })),
    kv_namespaces: (top.kv_namespaces ?? []).map(({ preview_id, ...kv }) => ({
      ...kv,
      id: "00000000000000000000000000000000",
    })),
    queues: {
      producers: (top.queues?.producers ?? []).map((q) => ({ ...q, queue: queueName(q.queue) })),
      consumers: (top.queues?.consumers ?? []).map((q) => ({
        ...q,
        queue: queueName(q.queue),
        ...(q.dead_letter_queue ? { dead_letter_queue: queueName(q.dead_letter_queue) } : {}),
      })),
    },
    ...(top.durable_objects ? { durable_objects: tenantDurableObjects(top, tenant) } : {}),
    ...(top.ai ? { ai: top.ai } : {}),
    ...(top.analytics_engine_datasets
      ? {
          analytics_engine_datasets: top.analytics_engine_datasets.map((d) => ({
            ...d,
            dataset: `${d.dataset}_${tenant.replaceAll("-", "_")}`,
          })),
        }
      : {}),
  };
  return env;
}

/**
 * The top level's Durable Object bindings for the tenant's worker. A binding whose `script_name` is the top-level
 * worker itself loses it (the class is the tenant's worker's own); one naming another worker binds that worker's
 * copy for the tenant, `<script_name>-<tenant>`, which the tenant deploys, never the top level's objects.
 */
function tenantDurableObjects(top, tenant) {
  const bindings = (top.durable_objects.bindings ?? []).map(({ script_name, environment, ...binding }) => {
    if (script_name === undefined || script_name === top.name) return binding;
    return { ...binding, script_name: `${script_name}-${tenant}` };
  });
  return { ...top.durable_objects, bindings };
}

/** The TOML text to append: a comment saying what to replace, then the env's tables. */
export function tenantEnvBlock(top, tenant) {
  const body = stringify({ env: { [tenant]: tenantEnv(top, tenant) } });
  return `\n# Tenant deployment "${tenant}" (npm run tenant:new). Replace the zero ids with the ones wrangler prints when\n# the resources are created, and the route with the tenant's hostname; see the checklist it printed.\n${body}\n`;
}

/** What the owner must create and set before `wrangler deploy --env <tenant>`. */
export function checklist(top, tenant, secrets) {
  const env = tenantEnv(top, tenant);
  const queues = [...new Set(env.queues.consumers.flatMap((q) => [q.queue, q.dead_letter_queue].filter(Boolean)))];
  const flag = `--env ${tenant}`;
  return [
    `Tenant "${tenant}" added to wrangler.toml as [env.${tenant}] (worker ${env.name}).`,
    "",
    "1. Create its resources and put their ids in wrangler.toml:",
    ...env.d1_databases.map((db) => `   npx wrangler d1 create ${db.database_name}`),
    ...env.kv_namespaces.map((kv) => `   npx wrangler kv namespace create ${kv.binding} ${flag}`),
    ...queues.map((queue) => `   npx wrangler queues create ${queue}`),
    ...(env.durable_objects?.bindings ?? [])
      .filter((binding) => binding.script_name)
      .map(
        (binding) =>
          `   deploy ${binding.script_name}, the tenant's own worker for ${binding.name} (class ${binding.class_name})`,
      ),
    "2. Set its secrets:",
    ...secrets.map((secret) => `   npx wrangler secret put ${secret} ${flag}`),
    `3. Set its route: [env.${tenant}].routes (now ${env.routes[0].pattern}), and review [env.${tenant}.vars]`,
    "   (copied from the top level: SEARCH_PROVIDER/SEARXNG_URL, LLM_PROVIDERS, ALERT_WEBHOOK_URL, OTEL_* ...).",
    "4. Check, migrate, deploy, smoke test:",
    "   npm run deploy:check",
    `   npx wrangler d1 migrations apply DB --remote ${flag}`,
    `   npx wrangler deploy ${flag}`,
    `   curl https://${env.routes[0].pattern}/health`,
  ].join("\n");
}
