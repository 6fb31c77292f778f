import type { Clock } from "../../core/ports/clock";
import type { DomainGuards } from "../../core/ports/guard";
import type { Log } from "../../core/ports/log";

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Politeness per host: `wait` resolves when the next request to the host may start. */
export interface Pacer {
  /**
   * `intervalMs` raises the pacer's own minimum for this request (a robots.txt `Crawl-delay`). The function it
   * resolves to is called once the request's answer (or its failure) is back.
   */
  wait(host: string, intervalMs?: number): Promise<() => void>;
}

const nothing = () => {};

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

  async wait(host: string, intervalMs = 0): Promise<() => void> {
    const interval = Math.max(this.intervalMs, intervalMs);
    if (interval <= 0) return nothing;
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot.get(host) ?? 0);
    this.nextSlot.set(host, slot + interval);
    if (this.nextSlot.size > 1000) this.forgetPast(now);
    if (slot > now) await this.sleep(slot - now);
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

  async wait(host: string, intervalMs = 0): Promise<() => void> {
    const interval = Math.max(this.intervalMs, intervalMs);
    if (interval <= 0) return nothing;
    const guard = this.guards.domain(host);
    let turn: number;
    try {
      turn = await guard.begin(interval);
    } catch (error) {
      this.warn("domain guard unavailable: pacing within this isolate", host, error);
      return this.fallback.wait(host, interval);
    }
    return () => {
      guard.done(turn).catch((error: unknown) => this.warn("domain guard not told a turn ended", host, error));
    };
  }

  private warn(message: string, host: string, error: unknown): void {
    this.log?.warn(message, { host, error: error instanceof Error ? error.message : String(error) });
  }
}
