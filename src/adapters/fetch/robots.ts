import robotsParser from "robots-parser";
import type { Clock } from "../../core/ports/clock";

/** What fetching a host's robots.txt gave: its text, none at all (allow all), or an error (disallow all). */
export type RobotsFile = { kind: "found"; text: string } | { kind: "missing" } | { kind: "unavailable" };

const UNAVAILABLE_TTL_MS = 60_000;

type Rules = { isAllowed(url: string, ua?: string): boolean | undefined };
type Entry = { rules: Promise<Rules | "allow-all" | "disallow-all">; expires: number };

/**
 * robots.txt per origin, cached in this isolate. As RFC 9309 says: a 4xx means no rules, while a server error or
 * an unreachable file means the crawler must assume everything is disallowed.
 */
export class RobotsCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs = 3_600_000,
  ) {}

  async isAllowed(url: URL, userAgent: string, load: (robotsUrl: string) => Promise<RobotsFile>): Promise<boolean> {
    const rules = await this.rulesFor(url.origin, load);
    if (rules === "allow-all") return true;
    if (rules === "disallow-all") return false;
    return rules.isAllowed(url.href, userAgent) !== false;
  }

  private rulesFor(origin: string, load: (robotsUrl: string) => Promise<RobotsFile>): Entry["rules"] {
    const now = this.clock.now();
    const hit = this.entries.get(origin);
    if (hit && hit.expires > now) return hit.rules;
    const robotsUrl = `${origin}/robots.txt`;
    const rules = load(robotsUrl).then(
      (file): Rules | "allow-all" | "disallow-all" =>
        file.kind === "found"
          ? robotsParser(robotsUrl, file.text)
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
