import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { cacheTiers } from "../src/composition/cache";
import { PurgeIncomplete } from "../src/core/ports/cache";

// Setup files run outside per-test storage and may run more than once; applying is idempotent.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);

// Every test file starts with an empty cache: what an earlier file searched, fetched or wrote is not served here.
// A tier that deletes only so many keys a call says so: it is asked again until it is empty.
for (const tier of cacheTiers(env)) {
  for (;;) {
    try {
      await tier.purge("");
      break;
    } catch (error) {
      if (!(error instanceof PurgeIncomplete)) throw error;
    }
  }
}
