import type { Clock } from "../../core/ports/clock";

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Politeness per host: requests to one host start at least `intervalMs` apart. Each caller reserves the next free
 * slot before it waits, so concurrent fetches to one host queue up instead of all firing together. The state lives
 * in this isolate; a fleet-wide pace would need the Guard's `domain:<host>` scope.
 */
export class HostPacer {
  private readonly nextSlot = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly clock: Clock,
    private readonly sleep: Sleep = realSleep,
  ) {}

  async wait(host: string): Promise<void> {
    if (this.intervalMs <= 0) return;
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot.get(host) ?? 0);
    this.nextSlot.set(host, slot + this.intervalMs);
    if (this.nextSlot.size > 1000) this.forgetPast(now);
    if (slot > now) await this.sleep(slot - now);
  }

  private forgetPast(now: number): void {
    for (const [host, next] of this.nextSlot) if (next < now) this.nextSlot.delete(host);
  }
}
