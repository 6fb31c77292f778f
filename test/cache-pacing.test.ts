import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { GuardPacer, HostPacer } from "../src/adapters/fetch/pacing";
import { SafePageFetcher } from "../src/adapters/fetch/page-fetcher";
import { RobotsCache } from "../src/adapters/fetch/robots";
import { DurableGuards } from "../src/adapters/guards/durable";
import { UrlListSearch } from "../src/adapters/search/urls";
import { systemClock } from "../src/core/ports/clock";
import type { DomainGuard } from "../src/core/ports/guard";
import { runResearch } from "../src/core/research/stage";
import type { Guard } from "../src/durable/guard";

const INTERVAL = 40;

/** A turn asked for without a deadline always comes. */
async function begin(guard: DomainGuard, intervalMs: number): Promise<number> {
  const turn = await guard.begin(intervalMs);
  if (turn === undefined) throw new Error("a turn asked for without a deadline came back empty");
  return turn;
}

/** One "isolate": its own fetcher, robots rules and local pacer, pacing through the domain Guards. */
function isolate(started: number[]) {
  const pacer = new GuardPacer(new DurableGuards(env.GUARD), INTERVAL, new HostPacer(INTERVAL, systemClock));
  return new SafePageFetcher({
    fetch: async (url) => {
      started.push(Date.now());
      if (url.endsWith("/robots.txt")) return new Response("User-agent: *\nAllow: /\n");
      return new Response("<html><head><title>Page</title></head><body><p>Text.</p></body></html>", {
        headers: { "content-type": "text/html" },
      });
    },
    userAgent: "OptiBlogEdge/0.1",
    pacer,
    robots: new RobotsCache(systemClock),
  });
}

describe("crawl pacing across isolates", () => {
  it("keeps two concurrent jobs on one host at least the interval apart, whichever isolate asks", async () => {
    const host = `pacing-${crypto.randomUUID().slice(0, 8)}.test`;
    const started: number[] = [];
    const urls = (job: string) => [1, 2, 3].map((n) => `https://${host}/${job}/${n}`);
    await Promise.all(
      ["a", "b"].map((job) =>
        runResearch(
          { keyword: "page", maxSources: 3, urls: urls(job) },
          { search: new UrlListSearch(urls(job)), fetcher: isolate(started), concurrency: 3 },
        ),
      ),
    );
    // Two robots.txt requests (one per isolate) and six pages, one at a time, each the interval after the last.
    expect(started).toHaveLength(8);
    const sorted = [...started].sort((x, y) => x - y);
    for (let i = 1; i < sorted.length; i++)
      expect((sorted[i] ?? 0) - (sorted[i - 1] ?? 0)).toBeGreaterThanOrEqual(INTERVAL);
  });

  it("gives the next turn only once the previous holder's request is answered", async () => {
    const host = `turns-${crypto.randomUUID().slice(0, 8)}.test`;
    const guard = new DurableGuards(env.GUARD).domain(host);
    const first = await begin(guard, 1);
    let second = false;
    const next = begin(guard, 1).then((turn) => {
      second = true;
      return turn;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(second).toBe(false);
    await guard.done(first);
    const turn = await next;
    expect(second).toBe(true);
    await guard.done(turn);
  });

  it("lets a late word from an ended turn end nothing, so the next holder keeps its turn", async () => {
    const host = `late-${crypto.randomUUID().slice(0, 8)}.test`;
    const guard = new DurableGuards(env.GUARD).domain(host);
    const first = await begin(guard, 1);
    await guard.done(first);
    const second = await begin(guard, 1);
    let third = false;
    const next = begin(guard, 1).then((turn) => {
      third = true;
      return turn;
    });
    // The first holder says "done" again (its word came late): the second turn is still open.
    await guard.done(first);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(third).toBe(false);
    await guard.done(second);
    await guard.done(await next);
    expect(third).toBe(true);
  });

  it("gives no turn to a caller whose turn would start after its deadline, and keeps none for it", async () => {
    const host = `deadline-${crypto.randomUUID().slice(0, 8)}.test`;
    const guard = new DurableGuards(env.GUARD).domain(host);
    await guard.done(await begin(guard, 1));
    expect(await guard.begin(60_000, Date.now() + 1000)).toBeUndefined();
    // The skipped caller held nothing: the next turn comes after the usual interval.
    await guard.done(await begin(guard, 1));
  });

  it("spaces the next request from the last even when the Guard lost its memory between them", async () => {
    const host = `evicted-${crypto.randomUUID().slice(0, 8)}.test`;
    const guard = new DurableGuards(env.GUARD).domain(host);
    const interval = 400;
    await guard.done(await begin(guard, interval));
    const ended = Date.now();
    // As an object evicted while idle, or restarted, comes back: its memory is gone and its storage is not.
    const stub = env.GUARD.get(env.GUARD.idFromName(`domain:${host}`));
    await runInDurableObject(stub, (object: Guard) => {
      (object as unknown as { crawlTurns: Map<string, unknown> }).crawlTurns.clear();
    });
    const turn = await begin(guard, interval);
    expect(Date.now() - ended).toBeGreaterThanOrEqual(interval - 20);
    await guard.done(turn);
  });
});
