import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { cacheTiers } from "../src/composition/cache";

// Setup files run outside per-test storage and may run more than once; applying is idempotent.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Every test file starts with an empty cache: what an earlier file searched, fetched or wrote is not served here.
for (const tier of cacheTiers(env)) await tier.purge("");
