import robotsParser from "robots-parser";
import { z } from "zod";
import { robotsKey } from "../../core/cache/keys";
import { CACHE_TTL } from "../../core/cache/policy";
import type { Cache } from "../../core/ports/cache";
import type { Clock } from "../../core/ports/clock";
import { type AiUse, aiUseOfRobots, parseUsageRules, type UsageRules } from "../../core/research/usage-preferences";

/** What fetching a host's robots.txt gave: its text, none at all (allow all), or an error (disallow all). */
export type RobotsFile = { kind: "found"; text: string } | { kind: "missing" } | { kind: "unavailable" };

const RobotsFileSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("found"), text: z.string() }),
  z.object({ kind: z.literal("missing") }),
]);

const UNAVAILABLE_TTL_MS = CACHE_TTL.robotsUnavailable * 1000;
/** A `Crawl-delay` above this is read as this: one page every 30 s is polite enough for a handful of pages. */
export const MAX_CRAWL_DELAY_MS = 30_000;

type Rules = {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
};
type Resolved = { rules: Rules; usage: UsageRules } | "allow-all" | "disallow-all";
type Entry = { rules: Promise<Resolved>; expires: number };
type Loader = (robotsUrl: string) => Promise<RobotsFile>;

/**
 * robots.txt per origin. As RFC 9309 says: a 4xx means no rules, while a server error or an unreachable file
 * means the crawler must assume everything is disallowed. With a cache the file is shared by every isolate (a day;
 * an unreadable file is a negative entry for a minute); this isolate also keeps the parsed rules for `ttlMs`.
 */
export class RobotsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 3_600_000,
  ) {}

  async isAllowed(url: URL, userAgent: string, load: Loader, cache?: Cache): Promise<boolean> {
    const rules = await this.rulesFor(url.origin, load, cache);
    if (rules === "allow-all") return true;
    if (rules === "disallow-all") return false;
    return rules.rules.isAllowed(url.href, userAgent) !== false;
  }

  /** What the origin's robots.txt says of feeding this URL's content to a generative model (see usage-preferences). */
  async aiUse(url: URL, userAgent: string, load: Loader, cache?: Cache): Promise<AiUse> {
    const rules = await this.rulesFor(url.origin, load, cache);
    if (typeof rules === "string") return { preference: "unknown" };
    return aiUseOfRobots(rules.usage, userAgent, `${url.pathname}${url.search}`);
  }

  /** The origin's `Crawl-delay` for this user agent in ms (0 when it names none), capped at MAX_CRAWL_DELAY_MS. */
  async crawlDelayMs(url: URL, userAgent: string, load: Loader, cache?: Cache): Promise<number> {
    const rules = await this.rulesFor(url.origin, load, cache);
    if (typeof rules === "string") return 0;
    const seconds = rules.rules.getCrawlDelay(userAgent);
    return typeof seconds === "number" && seconds > 0 ? Math.min(seconds * 1000, MAX_CRAWL_DELAY_MS) : 0;
  }

  private rulesFor(origin: string, load: Loader, cache?: Cache): Entry["rules"] {
    const now = this.clock.now();
    const hit = this.entries.get(origin);
    if (hit && hit.expires > now) return hit.rules;
    const robotsUrl = `${origin}/robots.txt`;
    const rules = (cache ? shared(origin, robotsUrl, load, cache) : load(robotsUrl)).then(
      (file): Resolved =>
        file.kind === "found"
          ? { rules: robotsParser(robotsUrl, file.text), usage: parseUsageRules(file.text) }
          : file.kind === "missing"
            ? "allow-all"
            : "disallow-all",
      (): "disallow-all" => "disallow-all",
    );
    if (this.entries.size > 500) this.entries.clear();
    const entry = { rules, expires: now + this.ttlMs };
    this.entries.set(origin, entry);
    // An outage should not block a host for the whole TTL: look again a minute later.
    rules.then((resolved) => {
      if (resolved === "disallow-all") entry.expires = now + UNAVAILABLE_TTL_MS;
    });
    return rules;
  }
}

async function shared(origin: string, robotsUrl: string, load: Loader, cache: Cache): Promise<RobotsFile> {
  const served = await cache.getOrLoad<z.infer<typeof RobotsFileSchema>>(
    "robots",
    robotsKey(origin),
    RobotsFileSchema,
    async () => {
      const file = await load(robotsUrl);
      return file.kind === "unavailable"
        ? { negative: "unavailable", ttlSeconds: CACHE_TTL.robotsUnavailable }
        : { value: file, ttlSeconds: CACHE_TTL.robots };
    },
  );
  return "value" in served ? served.value : { kind: "unavailable" };
}
