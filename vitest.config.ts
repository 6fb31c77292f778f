import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** Real pages from the dev dataset as JSON [{id, url, html}] for tests; "" when ../shared is absent. */
function devPages(ids: string[]): string {
  const dir = path.join(import.meta.dirname, "../shared/datasets/extraction-dev");
  if (!existsSync(path.join(dir, "ground-truth.json"))) return "";
  const truth = JSON.parse(readFileSync(path.join(dir, "ground-truth.json"), "utf8"));
  const pages = ids.map((id) => ({
    id,
    url: truth[id]?.url || `https://example.org/${id}`,
    html: gunzipSync(readFileSync(path.join(dir, "html", `${id}.html.gz`))).toString("utf8"),
  }));
  return JSON.stringify(pages);
}

declare module "vitest" {
  interface ProvidedContext {
    /** Dev-dataset pages for the extraction tests, as devPages() returns them. */
    extractionSamples: string;
    /** Dev-dataset pages for the extractive writer's real-page tests. */
    writingDevPages: string;
  }
}

/**
 * Projects: pure code (core, adapters that take their I/O as arguments) runs in plain Node, in
 * milliseconds per file; what needs bindings (D1, KV, queues, Durable Objects, the Worker itself) runs in
 * workerd, which costs a runtime start per file. A test file goes to `test/node/` unless it needs bindings. The
 * tracing test has a workerd of its own (see below).
 */
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, "migrations"));
  /** The workerd projects share one runtime configuration: bindings, local queues, and no network. */
  const workerd = () =>
    cloudflareTest({
      wrangler: { configPath: "./wrangler.toml" },
      remoteBindings: false,
      miniflare: {
        // Tests never reach the network: a fetch no test stubbed gets a refusal it can see, not a DNS lookup.
        outboundService: async (request: Request) => {
          // Loopback only: the tracing test's local OTLP receiver (test/otlp-receiver.ts).
          if (new URL(request.url).hostname === "127.0.0.1") {
            const body = request.method === "GET" ? undefined : await request.arrayBuffer();
            const answer = await fetch(request.url, { method: request.method, headers: request.headers, body });
            return new Response(await answer.arrayBuffer(), { status: answer.status, headers: answer.headers });
          }
          console.error(`a test reached for the network: ${request.method} ${request.url}`);
          return new Response("tests do not reach the network", { status: 502 });
        },
        // Tests deliver stage messages themselves (createMessageBatch). What the Worker sends goes to queues that no
        // consumer reads: a local queue that delivered a batch on its own would run another file's job in the shared
        // isolate, through whatever fetch stub the test running then has in place.
        queueProducers: {
          RESEARCH_QUEUE: { queueName: "optiblog-research-unread" },
          WRITE_QUEUE: { queueName: "optiblog-write-unread" },
          DELIVER_QUEUE: { queueName: "optiblog-deliver-unread" },
        },
        bindings: {
          TEST_MIGRATIONS: migrations,
          ADMIN_TOKEN: "test-admin-token",
          PLAN_RATE_LIMITS: '{"free":120,"tiny":3}',
          PLAN_BUDGETS: '{"tiny":{"jobTokens":20000,"dailyCostUsd":0.5}}',
          LOG_LEVEL: "error",
          // Job pipeline tests stub fetch: search answers at search.example, pages at gardenN.example.
          SEARCH_PROVIDER: "searxng",
          SEARXNG_URL: "https://search.example",
          SSE_POLL_MS: "100",
        },
      },
    });
  return {
    test: {
      // A stuck close (a server waiting on its clients, a runtime that does not stop) ends the run with a message
      // after this long instead of holding CI until its job limit.
      teardownTimeout: 20_000,
      projects: [
        {
          test: {
            name: "node",
            include: ["test/node/**/*.test.ts"],
            environment: "node",
            // Both cores: vitest's default on a 2-core machine is one worker, which ran the plain-node files one at a
            // time. The workerd projects keep one runtime each (their own groups, after this one).
            maxWorkers: 2,
            sequence: { groupOrder: 0 },
            setupFiles: ["./test/fast-check-seed.ts"],
            // Each file gets fresh modules: schemas extended by import side effects (zod-openapi) must not depend
            // on which file ran first.
            // CPU-bound tests (real pages, property runs) take several times longer on a busy shared machine.
            testTimeout: 20_000,
            provide: {
              extractionSamples: devPages([
                "cleaneval-final-161",
                "cleanportaleval-bbc_co_uk_news_01",
                "cleanportaleval-blogs_wsj_com_brussels_01",
                "dragnet-295",
                "dragnet-R151",
                "dragnet-R134",
              ]),
              writingDevPages: devPages([
                "wcxb-0045",
                "wcxb-0109",
                "wcxb-0123",
                "dragnet-R670",
                "cleanportaleval-bbc_co_uk_news_02",
              ]),
            },
          },
        },
        {
          plugins: [workerd()],
          test: {
            name: "workers",
            include: ["test/**/*.test.ts"],
            exclude: ["test/e2e/**", "test/node/**", "test/tracing.test.ts"],
            setupFiles: ["./test/setup.ts", "./test/fast-check-seed.ts"],
            // Requests through the Worker, D1 and Durable Objects on a busy shared machine: as for the node project.
            testTimeout: 20_000,
            hookTimeout: 30_000,
            // One workerd per worker, reused across files: a runtime start and the app's transform once, not per
            // file. Storage is shared across files, so a test reads back only the rows of its own tenants.
            isolate: false,
            maxWorkers: 1,
            sequence: { groupOrder: 1 },
          },
        },
        {
          // Tracing instruments the isolate's globals (fetch, the OpenTelemetry providers) on its first traced
          // call, as a deployment with an OTLP endpoint does: its test gets a runtime of its own.
          plugins: [workerd()],
          test: {
            name: "tracing",
            include: ["test/tracing.test.ts"],
            setupFiles: ["./test/setup.ts", "./test/fast-check-seed.ts"],
            globalSetup: ["./test/otlp-receiver.ts"],
            hookTimeout: 30_000,
            maxWorkers: 1,
            sequence: { groupOrder: 2 },
          },
        },
      ],
    },
  };
});
