import type { CallUsage } from "../article/model";
import { PermanentError } from "../errors";
import type { Clock } from "../ports/clock";
import type { CallEstimate, SpendGate, SpendLedger, SpendTicket } from "../ports/spend";
import { type BudgetLimits, utcDay } from "./limits";

interface Spend {
  tokens: number;
  costUsd: number;
}

const usd = (value: number) => `$${value.toFixed(4)}`;

export class BudgetExceeded extends PermanentError {
  constructor(message: string) {
    super("budget_exceeded", message);
  }
}

/**
 * One job's budget while it writes: what the job spent before, what it has spent since and what admitted
 * calls in flight may still spend. A call is admitted only if its estimate (prompt plus output cap, at the
 * model's price) fits under every cap even if all calls in flight spend their whole estimates; the tenant's
 * daily cap is held in the tenant's ledger, which also records every call's actual usage.
 */
export class JobSpend implements SpendGate {
  private readonly used: Spend;
  private readonly held: Spend = { tokens: 0, costUsd: 0 };
  private holds = 0;

  constructor(
    private readonly limits: BudgetLimits,
    spentBefore: Spend,
    private readonly clock: Clock,
    private readonly ledger?: SpendLedger,
    private readonly holdId: () => string = () => crypto.randomUUID(),
  ) {
    this.used = { ...spentBefore };
  }

  spent(usage: CallUsage): void {
    this.used.tokens += usage.inputTokens + usage.outputTokens;
    this.used.costUsd += usage.costUsd;
  }

  async admit(estimate: CallEstimate): Promise<SpendTicket> {
    const { jobTokens, jobCostUsd, dailyCostUsd } = this.limits;
    const tokens = this.used.tokens + this.held.tokens + estimate.tokens;
    if (jobTokens !== undefined && tokens > jobTokens) {
      throw new BudgetExceeded(
        `The next ${estimate.provider} call (up to ${estimate.tokens} tokens) could take the job past its cap of ${jobTokens} tokens (${this.used.tokens} used)`,
      );
    }
    const cost = this.used.costUsd + this.held.costUsd + estimate.costUsd;
    if (jobCostUsd !== undefined && cost > jobCostUsd) {
      throw new BudgetExceeded(
        `The next ${estimate.provider} call (up to ${usd(estimate.costUsd)}) could take the job past its cap of ${usd(jobCostUsd)} (${usd(this.used.costUsd)} spent)`,
      );
    }
    const day = utcDay(this.clock.now());
    let holdId: string | undefined;
    if (this.ledger && dailyCostUsd !== undefined) {
      holdId = `${this.holdId()}:${++this.holds}`;
      const hold = await this.ledger.hold(holdId, day, estimate.costUsd, dailyCostUsd);
      if (!hold.granted) {
        throw new BudgetExceeded(
          `The next ${estimate.provider} call (up to ${usd(estimate.costUsd)}) could take the tenant past its daily cap of ${usd(dailyCostUsd)} (${usd(hold.spentUsd)} spent today, ${usd(hold.heldUsd)} held by calls in flight)`,
        );
      }
    }
    this.held.tokens += estimate.tokens;
    this.held.costUsd += estimate.costUsd;
    let settled = false;
    return {
      settle: async (usage) => {
        if (settled) return;
        settled = true;
        this.held.tokens -= estimate.tokens;
        this.held.costUsd -= estimate.costUsd;
        if (usage) this.spent(usage);
        if (usage) await this.ledger?.settle(holdId, day, usage);
        else if (holdId) await this.ledger?.settle(holdId, day, undefined);
      },
    };
  }
}
