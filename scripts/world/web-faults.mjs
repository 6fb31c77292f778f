/**
 * Faults the simulated world's web can inject, from a seeded sequence so a run's faults repeat: search answers
 * 5xx, pages answer 5xx, come slowly (`pageDelayMs`) or hang without sending headers until the client gives up.
 */
import { seeded } from "../lib/seeded.mjs";

export const WEB_FAULT_DEFAULTS = {
  searchErrorRate: 0,
  pageErrorRate: 0,
  pageSlowRate: 0,
  pageDelayMs: 0,
  pageHangRate: 0,
  seed: 7,
};

const RATES = new Set(["searchErrorRate", "pageErrorRate", "pageSlowRate", "pageHangRate"]);

/** A web-faults patch from outside, checked field by field: `{ error }` or `{ patch }`. */
export function checkWebPatch(patch) {
  if (!patch || typeof patch !== "object" || Array.isArray(patch)) return { error: "web faults must be an object" };
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in WEB_FAULT_DEFAULTS)) return { error: `unknown web setting ${key}` };
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
      return { error: `${key} must be a number ≥ 0` };
    if (RATES.has(key) && value > 1) return { error: `${key} must be between 0 and 1` };
  }
  return { patch };
}

export function createWebFaults(settings = {}) {
  let config = { ...WEB_FAULT_DEFAULTS, ...settings };
  let random = seeded(config.seed);
  const stats = { searches: 0, searchErrors: 0, pages: 0, pageErrors: 0, slowPages: 0, hungPages: 0 };
  const hung = new Set();

  /**
   * Decides the fate of one request before the fixture web answers it: true when the fault answered (or holds)
   * the response, false to let the page be served (after any delay).
   */
  async function intercept(res, pathname) {
    const search = pathname === "/search";
    if (pathname === "/robots.txt") return false;
    if (search) {
      stats.searches += 1;
      if (random() < config.searchErrorRate) {
        stats.searchErrors += 1;
        res.writeHead(503, { "content-type": "text/plain", "retry-after": "1" }).end("search is unavailable");
        return true;
      }
      return false;
    }
    stats.pages += 1;
    const roll = random();
    if (roll < config.pageErrorRate) {
      stats.pageErrors += 1;
      res.writeHead(502, { "content-type": "text/plain" }).end("bad gateway");
      return true;
    }
    if (roll < config.pageErrorRate + config.pageHangRate) {
      stats.hungPages += 1;
      hung.add(res);
      res.once("close", () => hung.delete(res));
      return true;
    }
    if (roll < config.pageErrorRate + config.pageHangRate + config.pageSlowRate && config.pageDelayMs > 0) {
      stats.slowPages += 1;
      await new Promise((resolve) => setTimeout(resolve, config.pageDelayMs));
    }
    return false;
  }

  return {
    get config() {
      return config;
    },
    stats,
    intercept,
    configure(patch) {
      config = { ...config, ...patch };
      if (patch.seed !== undefined) random = seeded(config.seed);
    },
    /** Ends the responses still held, so the world closes at once. */
    release() {
      for (const res of hung) res.destroy();
      hung.clear();
    },
  };
}
