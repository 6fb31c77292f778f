import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** A few real pages on one topic for the extractive writer's tests; empty when ../shared is absent. */
function writingDevPages(): string {
  const dir = path.join(import.meta.dirname, "../shared/datasets/extraction-dev");
  const ids = ["wcxb-0045", "wcxb-0109", "wcxb-0123", "dragnet-R670", "cleanportaleval-bbc_co_uk_news_02"];
  if (!existsSync(path.join(dir, "ground-truth.json"))) return "";
  const truth = JSON.parse(readFileSync(path.join(dir, "ground-truth.json"), "utf8"));
  const pages = ids.map((id) => ({
    id,
    url: truth[id]?.url || `https://example.org/${id}`,
    html: gunzipSync(readFileSync(path.join(dir, "html", `${id}.html.gz`))).toString("utf8"),
  }));
  return JSON.stringify(pages);
}

export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  return {
    plugins: [
      cloudflareTest({
        wrangler: { configPath: "./wrangler.toml" },
        remoteBindings: false,
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ADMIN_TOKEN: "test-admin-token",
            PLAN_RATE_LIMITS: '{"free":120,"tiny":3}',
            LOG_LEVEL: "error",
            WRITING_DEV_PAGES: writingDevPages(),
          },
        },
      }),
    ],
    test: {
      include: ["test/**/*.test.ts"],
      exclude: ["test/e2e/**", "test/node/**"],
      setupFiles: ["./test/setup.ts"],
    },
  };
});
