import { defineConfig } from "vitest/config";

/** End-to-end tests: plain Node (not workerd), one file at a time, against `wrangler dev` and the fixture web. */
export default defineConfig({
  test: {
    include: ["test/e2e/**/*.test.ts"],
    environment: "node",
    pool: "forks",
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 300_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
});
