import type { Clock } from "../../core/ports/clock";
import type { DomainGuards } from "../../core/ports/guard";
import type { Log } from "../../core/ports/log";

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** How long a request may still wait for its turn: its fetch's time left, and the signal that ends that time. */
export interface PaceLimit {
  withinMs: number;
  signal: AbortSignal;
}

/** Politeness per host: `wait` resolves when the next request to the host may start. */
export interface Pacer {
  /**
   * `intervalMs` raises the pacer's own minimum for this request (a robots.txt `Crawl-delay`). The function it
   * resolves to is called once the request's answer (or its failure) is back. It resolves to undefined, holding no
   * turn, when the host's turn comes after `limit` allows: a turn the request could not use would only delay the
   * requests after it.
   */
  wait(host: string, intervalMs?: number, limit?: PaceLimit): Promise<(() => void) | undefined>;
}

const nothing = () => {};

/** Whether `waiting` settled before `signal` aborted. */
async function beforeAbort(waiting: Promise<unknown>, signal: AbortSignal | undefined): Promise<boolean> {
  if (!signal) return waiting.then(() => true);
  if (signal.aborted) return false;
  let onAbort = () => {};
  const aborted = new Promise<false>((resolve) => {
    onAbort = () => resolve(false);
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([waiting.then(() => true as const), aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}

/**
 * Requests to one host start at least the interval apart, within this isolate. Each caller reserves the next free
 * slot before it waits, so concurrent fetches to one host queue up instead of all firing together.
 */
export class HostPacer implements Pacer {
  private readonly nextSlot = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep = realSleep,
  ) {}

  async wait(host: string, intervalMs = 0, limit?: PaceLimit): Promise<(() => void) | undefined> {
    const interval = Math.max(this.intervalMs, intervalMs);
    if (interval <= 0) return nothing;
    const now = this.clock.now();
    const previous = this.nextSlot.get(host);
    const slot = Math.max(now, previous ?? 0);
    if (limit && slot - now > limit.withinMs) return undefined;
    this.nextSlot.set(host, slot + interval);
    if (this.nextSlot.size > 1000) this.forgetPast(now);
    if (slot > now && !(await beforeAbort(this.sleep(slot - now), limit?.signal))) {
      // Given up on while it waited: the slot is handed back unless a later request has queued behind it.
      if (this.nextSlot.get(host) === slot + interval) {
        if (previous === undefined) this.nextSlot.delete(host);
        else this.nextSlot.set(host, previous);
      }
      return undefined;
    }
    return nothing;
  }

  private forgetPast(now: number): void {
    for (const [host, next] of this.nextSlot) if (next < now) this.nextSlot.delete(host);
  }
}

/**
 * Politeness across the deployment: the host's Guard (`domain:<host>`) hands out turns, one at a time, each
 * `intervalMs` after the previous request's answer came back, so the gap between two requests to one host holds
 * whichever isolate or job makes them, even when a caller's request leaves late. If the Guard cannot be reached, this
 * isolate's own pacer keeps the gap at least among its requests.
 */
export class GuardPacer implements Pacer {
  constructor(
    private readonly guards: DomainGuards,
    private readonly intervalMs: number,
    private readonly fallback: Pacer,
    private readonly log?: Log,
  ) {}

  async wait(host: string, intervalMs = 0, limit?: PaceLimit): Promise<(() => void) | undefined> {
    const interval = Math.max(this.intervalMs, intervalMs);
    if (interval <= 0) return nothing;
    const guard = this.guards.domain(host);
    const end = (turn: number) => () => {
      guard.done(turn).catch((error: unknown) => this.warn("domain guard not told a turn ended", host, error));
    };
    // The Guard skips a turn that would start after this time, and the next caller's comes without its gap.
    const asked = guard.begin(interval, limit ? Date.now() + limit.withinMs : undefined);
    let turn: number | undefined;
    try {
      if (!(await beforeAbort(asked, limit?.signal))) {
        // Given up on first: a turn granted after all is ended at once rather than held until the Guard's timeout.
        asked.then((late) => (late === undefined ? undefined : end(late)())).catch(() => undefined);
        return undefined;
      }
      turn = await asked;
    } catch (error) {
      this.warn("domain guard unavailable: pacing within this isolate", host, error);
      return this.fallback.wait(host, interval, limit);
    }
    return turn === undefined ? undefined : end(turn);
  }

  private warn(message: string, host: string, error: unknown): void {
    this.log?.warn(message, { host, error: error instanceof Error ? error.message : String(error) });
  }
}
