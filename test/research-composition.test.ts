import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { researchConfig, researchDeps } from "../src/composition/research";
import { PermanentError } from "../src/core/errors";
import type { Log } from "../src/core/ports/log";
import { relevanceTo } from "../src/core/research/relevance";

const withVars = (vars: Record<string, string>) => ({ ...env, ...vars }) as Env;

describe("research composition", () => {
  it("defaults to SearXNG, polite pacing and a 5 MB cap, with an empty allowlist", () => {
    const config = researchConfig(withVars({ FETCH_TIMEOUT_MS: "", FETCH_MAX_BYTES: "" }));
    expect(config).toMatchObject({
      SEARCH_PROVIDER: "searxng",
      FETCH_MAX_BYTES: 5 * 1024 * 1024,
      FETCH_TIMEOUT_MS: 15_000,
      CRAWL_MIN_INTERVAL_MS: 1000,
      ALLOW_HOSTS: "",
    });
    expect(config.USER_AGENT).toMatch(/^OptiBlogEdge\/[\d.]+ \(\+https:\/\/\S+\)$/);
    expect(researchDeps(withVars({})).search.name).toBe("searxng");
  });

  it("chooses the provider from SEARCH_PROVIDER and the caller's URLs over any provider", () => {
    expect(researchDeps(withVars({ SEARCH_PROVIDER: "brave" })).search.name).toBe("brave");
    expect(researchDeps(withVars({ SEARCH_PROVIDER: "google" })).search.name).toBe("google");
    expect(researchDeps(withVars({ SEARCH_PROVIDER: "brave" }), { urls: ["https://a.test/"] }).search.name).toBe(
      "urls",
    );
  });

  it("scores relevance with embeddings only when RELEVANCE_EMBEDDING_MODEL and the AI binding are both set", async () => {
    expect(researchDeps(withVars({})).relevance).toBeUndefined();
    const runs: string[] = [];
    const ai = {
      run: async (model: string, input: { text: string[] }) => {
        runs.push(model);
        return { data: input.text.map(() => [1, 0]) };
      },
    };
    const configured = researchDeps({
      ...withVars({ RELEVANCE_EMBEDDING_MODEL: "@cf/baai/bge-small-en-v1.5" }),
      AI: ai,
    } as unknown as Env);
    expect(configured.relevance?.name).toBe("embeddings:workers-ai:@cf/baai/bge-small-en-v1.5");
    const page = { title: "Emergency fund basics", headings: [], text: "An emergency fund covers surprise bills." };
    expect(await configured.relevance?.score("emergency fund", [page])).toEqual([1]);
    expect(runs).toEqual(["@cf/baai/bge-small-en-v1.5"]);
    const withoutBinding = { ...withVars({ RELEVANCE_EMBEDDING_MODEL: "@cf/baai/bge-small-en-v1.5" }), AI: undefined };
    expect(researchDeps(withoutBinding as unknown as Env).relevance).toBeUndefined();
  });

  it("logs a warning and scores lexically when the embeddings call fails", async () => {
    const warnings: [string, Record<string, unknown> | undefined][] = [];
    const log: Log = {
      debug: () => {},
      info: () => {},
      warn: (msg, fields) => warnings.push([msg, fields]),
      error: () => {},
      with: () => log,
    };
    const ai = {
      run: async () => {
        throw new Error("3040: capacity exceeded");
      },
    };
    const deps = researchDeps(
      { ...withVars({ RELEVANCE_EMBEDDING_MODEL: "@cf/baai/bge-small-en-v1.5" }), AI: ai } as unknown as Env,
      { log },
    );
    const page = { title: "Emergency fund basics", headings: [], text: "An emergency fund covers surprise bills." };
    expect(await deps.relevance?.score("emergency fund", [page])).toEqual([relevanceTo("emergency fund", page)]);
    expect(warnings).toEqual([
      [
        "relevance: embeddings failed, pages scored lexically",
        { model: "@cf/baai/bge-small-en-v1.5", error: "3040: capacity exceeded" },
      ],
    ]);
  });

  it("refuses bad configuration as a permanent error", () => {
    expect(() => researchConfig(withVars({ SEARCH_PROVIDER: "bing" }))).toThrow(PermanentError);
    expect(() => researchConfig(withVars({ FETCH_MAX_BYTES: "lots" }))).toThrow(PermanentError);
    expect(() => researchDeps(withVars({ SEARXNG_URL: "not a url" }))).toThrow(PermanentError);
  });

  it("honours ALLOW_HOSTS in the fetcher it builds", async () => {
    const deps = researchDeps(withVars({ ALLOW_HOSTS: "127.0.0.1:8799" }));
    const realFetch = globalThis.fetch;
    const requested: string[] = [];
    globalThis.fetch = (async (input: RequestInfo | URL) => {
      requested.push(String(input));
      return new Response("<html><head><title>Local</title></head><body><p>hi</p></body></html>", {
        headers: { "content-type": "text/html" },
      });
    }) as typeof fetch;
    try {
      expect(await deps.fetcher.fetch("http://127.0.0.1:8799/page")).toMatchObject({ ok: true });
      expect(await deps.fetcher.fetch("http://127.0.0.1:8798/page")).toMatchObject({
        ok: false,
        reason: "ssrf_blocked",
      });
      expect(requested.filter((url) => url.includes(":8798"))).toEqual([]);
    } finally {
      globalThis.fetch = realFetch;
    }
  });
});
