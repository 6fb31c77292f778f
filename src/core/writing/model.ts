import type { z } from "zod";
import type { CallUsage } from "../article/model";

/** One structured request to a language model: the answer must parse with `schema`. */
export interface ModelCall<T> {
  purpose: string;
  system: string;
  prompt: string;
  schema: z.ZodType<T>;
  maxOutputTokens: number;
}

/** A model's answer: parsed, or the reason it did not parse (with the raw text, to show it when repairing). */
export type ModelAnswer<T> =
  | { ok: true; value: T; usage: CallUsage }
  | { ok: false; problem: string; text: string; usage: CallUsage };

/**
 * The port the LLM writer talks to. Provider failures are thrown as TransientError / PermanentError;
 * an unparseable answer is returned, not thrown, so the writer can ask for a repair.
 */
export interface StructuredModel {
  readonly name: string;
  /** How many calls the provider takes at once; sections are written in parallel up to this. */
  readonly maxConcurrency: number;
  generate<T>(call: ModelCall<T>): Promise<ModelAnswer<T>>;
}
