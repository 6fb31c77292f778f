import type { z } from "zod";
import type { CallUsage } from "../article/model";
import type { SpendGate } from "../ports/spend";

/** One structured request to a language model: the answer must parse with `schema`. */
export interface ModelCall<T> {
  purpose: string;
  system: string;
  prompt: string;
  schema: z.ZodType<T>;
  maxOutputTokens: number;
  /** Providers not to ask (those whose answer to this part stayed invalid), unless no other is left. */
  avoid?: readonly string[];
}

/** A model's answer: parsed, or the reason it did not parse (with the raw text, to show it when repairing). */
export type ModelAnswer<T> =
  | { ok: true; value: T; provider: string }
  | { ok: false; problem: string; text: string; provider: string };

/** Where every call's usage goes as it happens, failed calls and retries included. */
export type UsageSink = (usage: CallUsage) => void;

/**
 * The port the LLM writer talks to. Provider failures are thrown as TransientError / PermanentError once the
 * model has retried and fallen back as far as it can; an unparseable answer is returned, not thrown, so the
 * writer can ask for a repair.
 */
export interface StructuredModel {
  readonly name: string;
  /** How many calls the providers take at once; sections are written in parallel up to this. */
  readonly maxConcurrency: number;
  /** `budget`, when given, admits every request before it goes out (PermanentError "budget_exceeded" if not). */
  generate<T>(call: ModelCall<T>, record: UsageSink, budget?: SpendGate): Promise<ModelAnswer<T>>;
}
