import type { CallUsage } from "../article/model";

/** What a model call may spend at most, estimated before it goes out. */
export interface CallEstimate {
  provider: string;
  model: string;
  tokens: number;
  costUsd: number;
}

/** An admitted call: settled with what it actually used, or with nothing when it never went out. */
export interface SpendTicket {
  settle(usage?: CallUsage): Promise<void>;
}

/**
 * A job's budget as the model sees it: every call is admitted before it goes out, or refused with
 * PermanentError("budget_exceeded") when it could cross a cap.
 */
export interface SpendGate {
  admit(estimate: CallEstimate): Promise<SpendTicket>;
  /** Counts calls paid for earlier (the kept parts of a write tried again) against the job's caps. */
  spent(usage: CallUsage): void;
}

/** One day's spend on one provider. */
export interface UsageRow {
  day: string;
  provider: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
}

export interface SpendHold {
  granted: boolean;
  /** Settled spend of the day and what admitted calls still hold, in US dollars. */
  spentUsd: number;
  heldUsd: number;
}

/** A tenant's spend ledger (its `tenant:<id>` guard): holds for calls in flight and every call's usage by day. */
export interface SpendLedger {
  /** Holds `costUsd` of the day's cap for one call, unless settled spend plus holds would cross `capUsd`. */
  hold(id: string, day: string, costUsd: number, capUsd: number): Promise<SpendHold>;
  /** Records a call's usage on its day and provider (none: it never went out), releasing its hold if it had one. */
  settle(holdId: string | undefined, day: string, usage: CallUsage | undefined): Promise<void>;
  /** The recorded usage from `fromDay` to `toDay` (inclusive), by day and provider. */
  usage(fromDay: string, toDay: string): Promise<UsageRow[]>;
}
