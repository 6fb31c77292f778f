import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { GuardPacer, HostPacer } from "../src/adapters/fetch/pacing";
import { SafePageFetcher } from "../src/adapters/fetch/page-fetcher";
import { RobotsCache } from "../src/adapters/fetch/robots";
import { DurableGuards } from "../src/adapters/guards/durable";
import { UrlListSearch } from "../src/adapters/search/urls";
import { runResearch } from "../src/core/research/stage";
import type { Guard } from "../src/durable/guard";

const HOST = "pacing-one.test";
const INTERVAL = 1000;
const START = Date.UTC(2026, 11, 2, 6);

/**
 * One "isolate": its own fetcher, robots rules and local pacer, pacing through the domain Guards. Its sleep
 * records the wait the Guard handed out and returns at once, so the test reads the schedule without waiting.
 */
function isolate(waits: number[], requested: string[]) {
  const sleep = async (ms: number) => {
    waits.push(ms);
  };
  const pacer = new GuardPacer(
    new DurableGuards(env.GUARD),
    INTERVAL,
    new HostPacer(INTERVAL, { now: () => START }),
    undefined,
    sleep,
  );
  return new SafePageFetcher({
    fetch: async (url) => {
      requested.push(url);
      if (url.endsWith("/robots.txt")) return new Response("User-agent: *\nAllow: /\n");
      return new Response("<html><head><title>Page</title></head><body><p>Text.</p></body></html>", {
        headers: { "content-type": "text/html" },
      });
    },
    userAgent: "OptiBlogEdge/0.1",
    pacer,
    robots: new RobotsCache({ now: () => START }),
    sleep,
  });
}

describe("crawl pacing across isolates", () => {
  it("keeps two concurrent jobs on one host at least the interval apart, whichever isolate asks", async () => {
    const stub = env.GUARD.get(env.GUARD.idFromName(`domain:${HOST}`));
    await runInDurableObject(stub, (guard: Guard) => {
      guard.clock = { now: () => START };
    });
    const waits: number[] = [];
    const requested: string[] = [];
    const urls = (job: string) => [1, 2, 3].map((n) => `https://${HOST}/${job}/${n}`);
    await Promise.all(
      ["a", "b"].map((job) =>
        runResearch(
          { keyword: "page", maxSources: 3, urls: urls(job) },
          { search: new UrlListSearch(urls(job)), fetcher: isolate(waits, requested), concurrency: 3 },
        ),
      ),
    );
    // Every request to the host waited for its own slot: the slots, in order, are one interval apart or more.
    const slots = [0, ...waits].sort((x, y) => x - y);
    expect(requested).toHaveLength(8);
    expect(slots).toHaveLength(requested.length);
    for (let i = 1; i < slots.length; i++)
      expect((slots[i] ?? 0) - (slots[i - 1] ?? 0)).toBeGreaterThanOrEqual(INTERVAL);
  });

  it("hands out slots one interval apart, starting now when the host has been quiet", async () => {
    const stub = env.GUARD.get(env.GUARD.idFromName("domain:pacing-two.test"));
    const clock = { now: START };
    await runInDurableObject(stub, (guard: Guard) => {
      guard.clock = { now: () => clock.now };
    });
    expect(await stub.reserveCrawlSlot("pacing-two.test", 500)).toBe(0);
    expect(await stub.reserveCrawlSlot("pacing-two.test", 500)).toBe(500);
    expect(await stub.reserveCrawlSlot("pacing-two.test", 2000)).toBe(1000);
    clock.now += 10_000;
    expect(await stub.reserveCrawlSlot("pacing-two.test", 500)).toBe(0);
  });
});
