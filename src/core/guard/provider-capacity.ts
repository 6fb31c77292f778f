import { refilled } from "./token-bucket";

/**
 * A provider's capacity as two token buckets (requests and tokens per minute), refilled continuously and
 * corrected from what the provider itself says (`x-ratelimit-*`, `retry-after`) and from actual usage.
 * Pure: the Guard keeps the state, tests drive the clock.
 */
export interface ProviderLimits {
  rpm: number;
  tpm: number;
  /** Seconds of the per-minute limits that may be spent at once (default 6): providers meter finer than a minute. */
  burstSeconds?: number;
}

export interface Bucket {
  level: number;
  updatedAt: number;
}

export interface CapacityState {
  requests: Bucket;
  tokens: Bucket;
  /** Nothing goes out before this (a `retry-after`, or a provider reporting itself empty). */
  blockedUntil: number;
}

export type Reservation =
  | { granted: true; state: CapacityState; tokens: number; delayMs: number }
  | { granted: false; state: CapacityState; waitMs: number };

/** What a provider's response headers said about its remaining capacity. */
export interface ObservedLimits {
  remainingRequests?: number;
  remainingTokens?: number;
  resetRequestsMs?: number;
  resetTokensMs?: number;
  retryAfterMs?: number;
}

interface Shape {
  capacity: number;
  perMs: number;
}

function shapes(limits: ProviderLimits): { requests: Shape; tokens: Shape } {
  const burst = limits.burstSeconds ?? 6;
  const shape = (perMinute: number) => ({ capacity: Math.max(1, (perMinute * burst) / 60), perMs: perMinute / 60_000 });
  return { requests: shape(limits.rpm), tokens: shape(limits.tpm) };
}

function refill(bucket: Bucket | undefined, shape: Shape, now: number): Bucket {
  if (!bucket) return { level: shape.capacity, updatedAt: now };
  return { level: refilled(bucket.level, bucket.updatedAt, shape.capacity, shape.perMs, now), updatedAt: now };
}

/** Both buckets refilled to `now`, with the shapes they were refilled to. */
function current(previous: CapacityState | undefined, limits: ProviderLimits, now: number) {
  const s = shapes(limits);
  return {
    s,
    requests: refill(previous?.requests, s.requests, now),
    tokens: refill(previous?.tokens, s.tokens, now),
    blockedUntil: previous?.blockedUntil ?? 0,
  };
}

export function initialCapacity(limits: ProviderLimits, now: number): CapacityState {
  const s = shapes(limits);
  return { requests: refill(undefined, s.requests, now), tokens: refill(undefined, s.tokens, now), blockedUntil: 0 };
}

/**
 * Takes one request and `estimatedTokens` if both are there; otherwise says how long until they will be.
 * With `bookAheadMs`, a caller that would wait no longer than that books the next free slot instead: the buckets
 * go into debt now and the grant names the delay after which the call may go out. Callers that book are
 * served in the order they asked and at the exact moment capacity comes back, with no idle gap between them;
 * callers that only poll (wait, then ask again) leave the provider idle between a slot coming free and the
 * next poll landing on it.
 */
export function reserve(
  previous: CapacityState | undefined,
  limits: ProviderLimits,
  now: number,
  estimatedTokens: number,
  bookAheadMs = 0,
): Reservation {
  const { s, requests, tokens, blockedUntil } = current(previous, limits, now);
  const need = Math.min(Math.max(0, estimatedTokens), s.tokens.capacity);
  const state = { requests, tokens, blockedUntil };
  const waitMs = Math.ceil(
    Math.max(blockedUntil - now, (1 - requests.level) / s.requests.perMs, (need - tokens.level) / s.tokens.perMs, 0),
  );
  if (waitMs > Math.max(0, bookAheadMs)) return { granted: false, state, waitMs };
  return {
    granted: true,
    tokens: need,
    delayMs: waitMs,
    state: {
      requests: { ...requests, level: requests.level - 1 },
      tokens: { ...tokens, level: tokens.level - need },
      blockedUntil,
    },
  };
}

/**
 * The provider's own account wins where it is stricter: its remaining counts, its retry-after. A provider that
 * reports none left is asked again after the earlier of its reset and one request interval: its reset is the
 * time until it is full again (OpenAI's `x-ratelimit-reset-*`), and a bucket that refills continuously has
 * room for the next request long before that. Waiting for the full reset left the provider idle while its
 * bucket filled past what the next calls needed (measured: 0.80 of the limit served instead of 1.00).
 */
export function correct(
  previous: CapacityState | undefined,
  limits: ProviderLimits,
  now: number,
  observed: ObservedLimits,
): CapacityState {
  const { s, requests, tokens, ...rest } = current(previous, limits, now);
  let { blockedUntil } = rest;
  const interval = 1 / s.requests.perMs;
  if (observed.remainingRequests !== undefined) requests.level = Math.min(requests.level, observed.remainingRequests);
  if (observed.remainingTokens !== undefined) tokens.level = Math.min(tokens.level, observed.remainingTokens);
  if (observed.remainingRequests === 0 && observed.resetRequestsMs !== undefined) {
    blockedUntil = Math.max(blockedUntil, now + Math.min(observed.resetRequestsMs, interval));
  }
  if (observed.remainingTokens === 0 && observed.resetTokensMs !== undefined) {
    blockedUntil = Math.max(blockedUntil, now + Math.min(observed.resetTokensMs, interval));
  }
  if (observed.retryAfterMs !== undefined) blockedUntil = Math.max(blockedUntil, now + observed.retryAfterMs);
  return { requests, tokens, blockedUntil };
}

/** Gives back what was reserved beyond the tokens the call actually used (or takes what it used beyond). */
export function settle(
  previous: CapacityState,
  limits: ProviderLimits,
  now: number,
  reservedTokens: number,
  usedTokens: number,
): CapacityState {
  const { s, requests, tokens } = current(previous, limits, now);
  const level = Math.min(s.tokens.capacity, tokens.level + reservedTokens - usedTokens);
  return { ...previous, requests, tokens: { level, updatedAt: now } };
}

/** `6m0s`, `1.5s`, `20ms`, `0.5` (seconds) as milliseconds. */
export function durationMs(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const plain = Number(text);
  if (Number.isFinite(plain)) return plain * 1000;
  let total = 0;
  let matched = false;
  for (const [, value, unit] of text.matchAll(/(?<![\d.])(\d+(?:\.\d+)?)(ms|h|m|s)/g)) {
    matched = true;
    const n = Number(value);
    total += unit === "h" ? n * 3_600_000 : unit === "m" ? n * 60_000 : unit === "s" ? n * 1000 : n;
  }
  return matched ? total : undefined;
}

/** The rate-limit headers OpenAI-compatible servers (OpenAI, Groq, vLLM behind gateways) send. */
export function observedLimits(headers: Record<string, string | undefined>, now: number): ObservedLimits {
  const int = (name: string) => {
    const value = Number(headers[name]);
    return headers[name] !== undefined && Number.isFinite(value) ? value : undefined;
  };
  const retryAfter = headers["retry-after"];
  const retryAfterMs =
    retryAfter === undefined
      ? undefined
      : Number.isFinite(Number(retryAfter))
        ? Number(retryAfter) * 1000
        : Number.isNaN(Date.parse(retryAfter))
          ? undefined
          : Math.max(0, Date.parse(retryAfter) - now);
  const observed: ObservedLimits = {};
  const remainingRequests = int("x-ratelimit-remaining-requests");
  const remainingTokens = int("x-ratelimit-remaining-tokens");
  const resetRequestsMs = durationMs(headers["x-ratelimit-reset-requests"]);
  const resetTokensMs = durationMs(headers["x-ratelimit-reset-tokens"]);
  if (remainingRequests !== undefined) observed.remainingRequests = remainingRequests;
  if (remainingTokens !== undefined) observed.remainingTokens = remainingTokens;
  if (resetRequestsMs !== undefined) observed.resetRequestsMs = resetRequestsMs;
  if (resetTokensMs !== undefined) observed.resetTokensMs = resetTokensMs;
  if (retryAfterMs !== undefined) observed.retryAfterMs = retryAfterMs;
  return observed;
}
