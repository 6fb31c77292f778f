import { z } from "zod";
import { GuardPacer, HostPacer } from "../adapters/fetch/pacing";
import { SafePageFetcher } from "../adapters/fetch/page-fetcher";
import { RobotsCache } from "../adapters/fetch/robots";
import { DurableGuards } from "../adapters/guards/durable";
import { type EmbeddingBinding, WorkersAiEmbeddings } from "../adapters/relevance/workers-ai";
import { BraveSearch } from "../adapters/search/brave";
import { GoogleSearch } from "../adapters/search/google";
import type { SearchHttp } from "../adapters/search/http";
import { SearxngSearch } from "../adapters/search/searxng";
import { UrlListSearch } from "../adapters/search/urls";
import { choiceVar, intVar } from "../config";
import { PermanentError } from "../core/errors";
import { systemClock } from "../core/ports/clock";
import type { Log } from "../core/ports/log";
import type { SearchPort } from "../core/ports/search";
import { embeddingRelevance } from "../core/research/semantic-relevance";
import { parseAllowHosts } from "../core/research/ssrf";
import type { ResearchDeps } from "../core/research/stage";
import { createCache } from "./cache";

/** Research configuration: `[vars]` plus the provider secrets. This is the only reader of these names. */
const ResearchConfig = z.object({
  SEARCH_PROVIDER: choiceVar(["searxng", "brave", "google", "urls"], "searxng"),
  SEARXNG_URL: z.string().default("http://127.0.0.1:8790"),
  BRAVE_API_KEY: z.string().optional(),
  GOOGLE_CSE_KEY: z.string().optional(),
  GOOGLE_CSE_CX: z.string().optional(),
  ALLOW_HOSTS: z.string().optional(),
  FETCH_TIMEOUT_MS: intVar(15_000, 100),
  FETCH_MAX_BYTES: intVar(5 * 1024 * 1024, 1024),
  CRAWL_MIN_INTERVAL_MS: intVar(1000, 0),
  /** A Workers AI text-embedding model; with it and the AI binding, relevance blends in embeddings. */
  RELEVANCE_EMBEDDING_MODEL: z.string().trim().max(200).optional(),
  USER_AGENT: z
    .string()
    .optional()
    .transform((value) => value?.trim() || "OptiBlogEdge/0.1 (+https://github.com/optiblog/optiblog-edge)"),
});

export type ResearchConfig = z.infer<typeof ResearchConfig>;

// Politeness and robots.txt outlive one request. The files are shared through the cache; this isolate keeps the
// parsed rules five minutes, and its own pacing only for when the domain's Guard cannot be reached.
const robots = new RobotsCache(systemClock, 5 * 60_000);
const pacers = new Map<number, HostPacer>();

/** Looked up at call time, so a test that replaces `globalThis.fetch` is what the adapters use. */
const outbound = (input: string, init: RequestInit) => globalThis.fetch(input, init);

export function researchConfig(env: Env): ResearchConfig {
  const parsed = ResearchConfig.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
    throw new PermanentError("bad_config", `research configuration: ${problems}`);
  }
  return parsed.data;
}

/**
 * The research stage's adapters, built from configuration. With `urls` the caller's list replaces search. Search
 * results, pages, extractions and robots.txt go through the three-tier cache; crawl pacing through each host's
 * Guard, so it holds across isolates. With a Workers AI embedding model, relevance blends in embeddings; when they
 * fail, every page keeps its lexical score and the failure is a warning in `log`.
 */
export function researchDeps(env: Env, options: { urls?: string[]; log?: Log } = {}): ResearchDeps {
  const config = researchConfig(env);
  const local = pacers.get(config.CRAWL_MIN_INTERVAL_MS) ?? new HostPacer(config.CRAWL_MIN_INTERVAL_MS, systemClock);
  pacers.set(config.CRAWL_MIN_INTERVAL_MS, local);
  const pacer = new GuardPacer(new DurableGuards(env.GUARD), config.CRAWL_MIN_INTERVAL_MS, local, options.log);
  const cache = createCache(env, options.log);
  return {
    cache,
    search: options.urls?.length ? new UrlListSearch(options.urls) : searchPort(config),
    fetcher: new SafePageFetcher({
      fetch: outbound,
      userAgent: config.USER_AGENT,
      allow: parseAllowHosts(config.ALLOW_HOSTS),
      timeoutMs: config.FETCH_TIMEOUT_MS,
      connectTimeoutMs: Math.min(config.FETCH_TIMEOUT_MS, 5_000),
      maxBytes: config.FETCH_MAX_BYTES,
      pacer,
      robots,
      cache,
    }),
    clock: systemClock,
    ...(config.RELEVANCE_EMBEDDING_MODEL && env.AI
      ? {
          relevance: embeddingRelevance(
            new WorkersAiEmbeddings(env.AI as EmbeddingBinding, config.RELEVANCE_EMBEDDING_MODEL),
            (error) =>
              options.log?.warn("relevance: embeddings failed, pages scored lexically", {
                model: config.RELEVANCE_EMBEDDING_MODEL,
                error: error instanceof Error ? error.message : String(error),
              }),
          ),
        }
      : {}),
  };
}

function searchPort(config: ResearchConfig): SearchPort {
  const http: SearchHttp = {
    fetch: outbound,
    timeoutMs: Math.min(config.FETCH_TIMEOUT_MS, 10_000),
    userAgent: config.USER_AGENT,
  };
  switch (config.SEARCH_PROVIDER) {
    case "brave":
      return new BraveSearch(config.BRAVE_API_KEY || undefined, http);
    case "google":
      return new GoogleSearch(config.GOOGLE_CSE_KEY || undefined, config.GOOGLE_CSE_CX || undefined, http);
    case "urls":
      return new UrlListSearch([]);
    default:
      return new SearxngSearch(config.SEARXNG_URL, http);
  }
}
