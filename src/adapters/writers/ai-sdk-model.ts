import {
  APICallError,
  generateText,
  InvalidToolInputError,
  JSONParseError,
  jsonSchema,
  type LanguageModel,
  NoObjectGeneratedError,
  NoOutputGeneratedError,
  Output,
  tool,
} from "ai";
import { DelegateBackoff, handleWhen, type IRetryBackoffContext, retry } from "cockatiel";
import { z } from "zod";
import type { CallUsage } from "../../core/article/model";
import { isTransient, TransientError } from "../../core/errors";
import { observedLimits } from "../../core/guard/provider-capacity";
import { laterMode, MODE_KEPT_MS, type ProviderOutcome, type ProviderPolicy } from "../../core/guard/provider-guard";
import type { ProviderGuard } from "../../core/ports/guard";
import type { SpendGate } from "../../core/ports/spend";
import { callCost, nextStructuredMode, type PriceTable, type StructuredMode } from "../../core/writing/llm-config";
import type { ModelAnswer, ModelCall, StructuredModel, UsageSink } from "../../core/writing/model";
import { selectProvider } from "../../core/writing/select-provider";
import { retryAfterMs } from "../retry-after";
import {
  invalidJsonOutput,
  oversizedAnswer,
  providerAtFault,
  rejectedByProvider,
  rejectsMode,
  toTypedError,
} from "./errors";

export type ProviderOptions = Record<string, Record<string, boolean | string | number>>;

export interface ModelTarget {
  provider: string;
  model: string;
  weight: number;
  maxConcurrency: number;
  /** The structured-output mode to start with (default `json_schema`). */
  mode?: StructuredMode;
  /** The AI SDK model that serves one mode (a schema-mode model is built differently from a JSON-mode one). */
  languageModel: (mode: StructuredMode) => LanguageModel;
  /** Per-provider settings passed with every call in a mode (AI SDK `providerOptions`). */
  providerOptions?: (mode: StructuredMode) => ProviderOptions | undefined;
  /** The provider's limits and breaker settings, for its guard. */
  policy?: ProviderPolicy;
}

export interface AiSdkModelOptions {
  prices: PriceTable;
  timeoutMs?: number;
  /** In-call retries of 5xx, timeouts and malformed answers (default 2), full-jitter backoff honouring retry-after. */
  maxRetries?: number;
  /** The first retry's backoff ceiling (doubling per retry, default 500 ms). */
  baseDelayMs?: number;
  /** A provider asking to wait longer than this (default 8 s) is not waited for in the call: the next one is asked. */
  maxRetryWaitMs?: number;
  random?: () => number;
  now?: () => number;
  /**
   * Structured-output modes learned per provider, each with when it was learned (by `now`); by default shared by
   * every model in the isolate, and let go MODE_KEPT_MS after, as the guard lets go of its own. With a guard, what
   * any isolate learned is also kept in the provider's guard and comes back with each admission.
   */
  modes?: Map<string, LearnedMode>;
  /**
   * Each provider's guard (capacity and breaker): asked before every request, told every outcome. Without it
   * calls go out unscheduled.
   */
  guard?: (provider: string) => ProviderGuard;
  /** The longest a call waits in place for a provider to have room (default 20 s) before it is requeued. */
  maxScheduleWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** Limits for a provider that declares none: the breaker still applies, the capacity never binds. */
const UNLIMITED: ProviderPolicy = { limits: { rpm: 1_000_000, tpm: 1_000_000_000 } };

/** What a request will spend at most: its prompt (about four characters a token) and its output cap. */
const promptTokens = (call: ModelCall<unknown>) => Math.ceil((call.system.length + call.prompt.length) / 4);
const estimateTokens = (call: ModelCall<unknown>) => promptTokens(call) + call.maxOutputTokens;
/** What an answer's text comes to in tokens, estimated as the prompt is (characters ÷ 4). */
const answerTokens = (answer: ModelAnswer<unknown>) =>
  Math.ceil((answer.ok ? (JSON.stringify(answer.value) ?? "") : answer.text).length / 4);

/** A mode a provider was found to need in place of its configured one, and when that was found (epoch ms). */
export interface LearnedMode {
  mode: StructuredMode;
  since: number;
}

const learnedModes = new Map<string, LearnedMode>();

/** Why an answer did not parse, in words a model can act on when asked to repair it. */
function describe(error: NoObjectGeneratedError): string {
  if (error.finishReason === "length") return "the answer was cut off at the output limit; answer more concisely";
  const detail = error.cause instanceof Error ? error.cause.message : error.message;
  return `the answer is not valid JSON for the requested shape: ${detail.slice(0, 600)}`;
}

/** How many places a wrapped answer's JSON may start at that are tried: prose seldom holds more brackets. */
const MAX_JSON_STARTS = 32;

/**
 * The JSON value of an answer that wraps it, as models asked for JSON often do: in a Markdown code fence (with a
 * language tag or none), or between lines of prose ("Here is the JSON:"). undefined when it does not parse. The
 * value is the longest balanced `{…}` or `[…]` that parses: taken from the first bracket to the last, a note that
 * cites a source after the JSON ("I used [1] and [3].") or before it ("Here is your [draft]:") broke it.
 */
export function wrappedJson(text: string): unknown {
  let body = text.trim();
  if (body.startsWith("```")) {
    const open = body.indexOf("\n");
    const close = body.lastIndexOf("```");
    body = open < 0 || close <= open ? "" : body.slice(open + 1, close);
  }
  let best: { value: unknown; length: number } | undefined;
  let from = 0;
  for (let tries = 0; tries < MAX_JSON_STARTS; tries++) {
    const start = body.slice(from).search(/[{[]/);
    if (start < 0) break;
    const at = from + start;
    const end = balancedEnd(body, at);
    from = at + 1;
    if (end === undefined) continue;
    try {
      const value: unknown = JSON.parse(body.slice(at, end));
      if (!best || end - at > best.length) best = { value, length: end - at };
      from = end;
    } catch {
      // Not JSON from here: the next bracket may start it.
    }
  }
  return best?.value;
}

/**
 * The objects an answer of the wrong shape may hold the right one in, as small models in JSON mode answer: the one
 * value of an object with one key (`{"outline": {…}}`, `{"answer": {…}}`), and the `properties` of one that echoes
 * the JSON Schema it was given (`{"type": "object", "properties": {…}}`). Read as they stood, each cost a repair call.
 */
export function innerObjects(value: unknown): unknown[] {
  if (!isObject(value)) return [];
  const inner: unknown[] = [];
  const values = Object.values(value);
  if (values.length === 1 && isObject(values[0])) inner.push(values[0]);
  if (isObject(value.properties)) inner.push(value.properties);
  return inner;
}

/** `value` parsed by `schema`, or else the first of its `innerObjects` that fits; the value's own failure when none does. */
function parseUnwrapped<T>(schema: z.ZodType<T>, value: unknown): z.ZodSafeParseResult<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed;
  for (const inner of innerObjects(value)) {
    const unwrapped = schema.safeParse(inner);
    if (unwrapped.success) return unwrapped;
  }
  return parsed;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function safeJsonOf(text: string | undefined): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Where the `{…}` or `[…]` opened at `start` closes (the index after it), strings skipped; undefined when it never does. */
function balancedEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === "\\") i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === "{" || char === "[") depth++;
    else if (char === "}" || char === "]") {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return undefined;
}

/** JSON mode sends no schema, so the prompt carries it. */
function withSchemaInPrompt(prompt: string, schema: z.ZodType): string {
  return `${prompt}\nAnswer with one JSON object that validates against this JSON Schema:\n${JSON.stringify(z.toJSONSchema(schema, { io: "input" }))}`;
}

/**
 * Full-jitter backoff (a uniform draw below a ceiling that doubles per retry), never sooner than the provider
 * asked with `retry-after`.
 */
export function retryDelayMs(attempt: number, retryAfter: number | undefined, random: () => number, baseMs: number) {
  return Math.max(retryAfter ?? 0, random() * baseMs * 2 ** Math.max(0, attempt - 1));
}

type WarningReport = Parameters<Exclude<typeof globalThis.AI_SDK_LOG_WARNINGS, false | undefined>>[0];

/**
 * What the AI SDK reports of a call's provider warnings. One is how JSON mode works and says nothing: the server
 * is not sent the schema ("responseFormat" unsupported), because in that mode the schema travels in the prompt
 * (`withSchemaInPrompt`) and the answer is checked against it here. Every other warning is one JSON log line
 * naming the provider and model, as the Worker's other log lines are.
 */
export function logModelWarnings({ warnings, provider, model }: WarningReport): void {
  const news = warnings.filter((w) => !(w.type === "unsupported" && w.feature === "responseFormat"));
  if (news.length)
    console.warn(JSON.stringify({ level: "warn", msg: "model warnings", provider, model, warnings: news }));
}

/** The provider's guard would not let the request out now: breaker open or no capacity until `waitMs`. */
class Refused extends Error {
  constructor(
    readonly provider: string,
    readonly waitMs: number,
    readonly reason: string,
  ) {
    super(`${provider}: ${reason}, free in ${waitMs} ms`);
  }
}

/** A failed try that may be tried again: its typed error, how long the provider asked us to wait, a malformed answer. */
class RetryableCall extends Error {
  constructor(
    readonly typed: Error,
    readonly waitMs: number | undefined,
    readonly answer?: ModelAnswer<never>,
  ) {
    super(typed.message);
  }
}

type Attempt<T> = {
  answer: ModelAnswer<T>;
  inputTokens?: number;
  outputTokens?: number;
  malformed?: boolean;
  headers?: Record<string, string>;
};

/**
 * The StructuredModel port on the AI SDK. Each call goes to a provider chosen by weight; transient failures
 * (5xx, timeouts, malformed JSON) are retried in the call with full-jitter backoff that honours `retry-after`;
 * a provider that is rate-limited or keeps failing hands the call to the next one; a server that refuses the
 * structured-output mode is served in the next mode, remembered for that provider.
 */
export class AiSdkStructuredModel implements StructuredModel {
  readonly name: string;
  readonly maxConcurrency: number;
  private readonly modes: Map<string, LearnedMode>;

  constructor(
    private readonly targets: ModelTarget[],
    private readonly options: AiSdkModelOptions,
  ) {
    if (targets.length === 0) throw new RangeError("at least one model target is needed");
    this.name = targets.map((t) => `${t.provider}:${t.model}`).join(",");
    this.maxConcurrency = Math.min(...targets.map((t) => t.maxConcurrency));
    this.modes = options.modes ?? learnedModes;
    // The SDK's own default prints each warning through the process's warning channel, the expected one included;
    // a logger the deployment set is left in place.
    globalThis.AI_SDK_LOG_WARNINGS ??= logModelWarnings;
  }

  /**
   * The mode this isolate learned for a provider while it is fresh. One older than MODE_KEPT_MS is forgotten, so the
   * provider is offered its configured mode again: one that took it back is served in it, one that still refuses
   * costs a refusal to learn it anew.
   */
  private keptMode(provider: string, at: number): StructuredMode | undefined {
    const learned = this.modes.get(provider);
    if (!learned) return undefined;
    if (at - learned.since < MODE_KEPT_MS) return learned.mode;
    this.modes.delete(provider);
    return undefined;
  }

  /** The providers to ask in order: one drawn by weight, then the others by weight. */
  private order(avoid: readonly string[] = []): ModelTarget[] {
    const preferred = this.targets.filter((t) => !avoid.includes(t.provider));
    const pool = preferred.length ? preferred : this.targets;
    const first = selectProvider(pool, this.options.random);
    const rest = pool.filter((t) => t !== first).sort((a, b) => b.weight - a.weight);
    return [first, ...rest];
  }

  /**
   * Asks the providers in order until one answers. A provider whose guard refuses (breaker open, no capacity)
   * or that rate-limits the call hands it to the next, and is asked again after its wait; one that stays
   * unavailable after its retries, or rejects the call itself (its key, its model, its limits), hands it on and is
   * not asked again in this call. When the providers left all refused, the call waits for the earliest free
   * slot if that comes within `maxScheduleWaitMs` (the draft's finished parts stay useful), and otherwise fails
   * as TransientError("provider_capacity") naming the wait; when none is left, with the last failure.
   */
  async generate<T>(call: ModelCall<T>, record: UsageSink, budget?: SpendGate): Promise<ModelAnswer<T>> {
    const now = this.options.now ?? Date.now;
    const random = this.options.random ?? Math.random;
    const deadline = now() + (this.options.maxScheduleWaitMs ?? 20_000);
    /** Providers out of this call: they failed after their retries, or rejected it. */
    const dropped = new Set<string>();
    let failure: unknown;
    let rejection: unknown;
    for (;;) {
      const order = this.order(call.avoid).filter((t) => !dropped.has(t.provider));
      if (order.length === 0) throw failure ?? rejection;
      const refusals: Refused[] = [];
      for (const target of order) {
        try {
          return await this.withRetries(target, call, record, budget);
        } catch (error) {
          if (error instanceof Refused) refusals.push(error);
          else if (isTransient(error) && error.code === "rate_limited") {
            // A 429 is the provider asking for time, as a refusal by its guard is: the guard has learned the
            // wait, so the provider is asked again below like one that refused, not counted as a failed try.
            refusals.push(new Refused(target.provider, (error.retryAfterSeconds ?? 1) * 1000, "rate_limited"));
          } else if (isTransient(error)) {
            failure = error;
            dropped.add(target.provider);
          } else if (rejectedByProvider(error)) {
            // Another provider may well take what this one will not (a key it revoked, a model it retired).
            rejection = error;
            dropped.add(target.provider);
          } else throw error;
        }
      }
      if (refusals.length === 0) throw failure ?? rejection;
      // The providers left refused. The one whose capacity comes back first is asked to book that slot: the call
      // then goes out the moment it is free, in the order the callers asked, where polling again after a
      // jittered sleep left the provider idle between a slot coming free and the next poll.
      const soonest = refusals.filter((r) => r.reason === "capacity").sort((a, b) => a.waitMs - b.waitMs)[0];
      const booked = soonest && order.find((t) => t.provider === soonest.provider);
      if (soonest && booked && now() + soonest.waitMs <= deadline) {
        try {
          return await this.withRetries(booked, call, record, budget, Math.max(soonest.waitMs, deadline - now()));
        } catch (error) {
          // Refused again (the slot went beyond the deadline, or the breaker opened), or a 429 on the booked slot
          // (the provider counts differently than its guard, which has now learned the wait): wait as below.
          if (isTransient(error) && error.code === "rate_limited")
            refusals.push(new Refused(booked.provider, (error.retryAfterSeconds ?? 1) * 1000, "rate_limited"));
          else if (!(error instanceof Refused)) throw error;
        }
      }
      const waitMs = Math.min(...refusals.map((r) => r.waitMs));
      if (now() + waitMs <= deadline) {
        await this.sleep(waitMs + random() * Math.min(1000, waitMs));
        continue;
      }
      throw new TransientError(
        "provider_capacity",
        `No provider can take the call now (${refusals.map((r) => `${r.provider}: ${r.reason}`).join(", ")})`,
        Math.max(1, Math.ceil(waitMs / 1000)),
      );
    }
  }

  private sleep(ms: number): Promise<void> {
    return this.options.sleep ? this.options.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
  }

  private async withRetries<T>(
    target: ModelTarget,
    call: ModelCall<T>,
    record: UsageSink,
    budget: SpendGate | undefined,
    bookAheadMs = 0,
  ): Promise<ModelAnswer<T>> {
    const random = this.options.random ?? Math.random;
    const base = this.options.baseDelayMs ?? 500;
    const policy = retry(
      handleWhen((error) => error instanceof RetryableCall),
      {
        maxAttempts: this.options.maxRetries ?? 2,
        backoff: new DelegateBackoff<IRetryBackoffContext<unknown>>((context) => {
          const error = "error" in context.result ? context.result.error : undefined;
          const asked = error instanceof RetryableCall ? error.waitMs : undefined;
          return retryDelayMs(context.attempt, asked, random, base);
        }),
      },
    );
    try {
      return await policy.execute(() => this.once(target, call, record, budget, bookAheadMs));
    } catch (error) {
      if (!(error instanceof RetryableCall)) throw error;
      if (error.answer) return error.answer as ModelAnswer<T>;
      throw error.typed;
    }
  }

  /**
   * One request (or a few, when the server refuses the mode and the next mode is tried at once). The job's
   * budget admits it before the provider's guard is asked, so a refused budget holds no provider capacity.
   */
  private async once<T>(
    target: ModelTarget,
    call: ModelCall<T>,
    record: UsageSink,
    budget: SpendGate | undefined,
    bookAheadMs = 0,
  ): Promise<ModelAnswer<T>> {
    const now = this.options.now ?? Date.now;
    const configured = target.mode ?? "json_schema";
    let mode = this.keptMode(target.provider, now()) ?? configured;
    /** A mode this call found the provider refusing: never stepped back from within the call. */
    let learnedHere: StructuredMode | undefined;
    const guard = this.options.guard?.(target.provider);
    const policy = target.policy ?? UNLIMITED;
    for (;;) {
      const estimated = estimateTokens(call as ModelCall<unknown>);
      const ticket = await budget?.admit({
        provider: target.provider,
        model: target.model,
        tokens: estimated,
        costUsd: callCost(
          this.options.prices,
          target.model,
          promptTokens(call as ModelCall<unknown>),
          call.maxOutputTokens,
        ),
      });
      let reservedTokens = 0;
      if (guard) {
        const admission = await guard.acquire(policy, estimated, bookAheadMs).catch(async (error: unknown) => {
          await ticket?.settle();
          throw error;
        });
        if (!admission.granted) {
          await ticket?.settle();
          throw new Refused(target.provider, admission.waitMs, admission.reason);
        }
        reservedTokens = admission.reservedTokens;
        // A booked slot: the capacity is this call's from `delayMs` on.
        if (admission.delayMs) await this.sleep(admission.delayMs);
        // The guard keeps what any isolate learned of the provider's modes, and lets it go after a day: its word
        // replaces this isolate's, so a provider that takes the configured mode again is served in it again.
        mode = laterMode(laterMode(configured, admission.mode), learnedHere) ?? configured;
        if (mode === configured) this.modes.delete(target.provider);
        else if (this.modes.get(target.provider)?.mode !== mode)
          this.modes.set(target.provider, { mode, since: now() });
      }
      const started = now();
      const report = (outcome: Omit<ProviderOutcome, "reservedTokens" | "latencyMs">) =>
        guard?.report(policy, { ...outcome, reservedTokens, latencyMs: Math.max(0, now() - started) });
      const usage = (input = 0, output = 0): CallUsage => ({
        provider: target.provider,
        model: target.model,
        purpose: call.purpose,
        inputTokens: input,
        outputTokens: output,
        latencyMs: Math.max(0, now() - started),
        costUsd: callCost(this.options.prices, target.model, input, output),
      });
      const spend = async (spent: CallUsage) => {
        record(spent);
        await ticket?.settle(spent);
      };
      let attempt: Attempt<T>;
      try {
        attempt = mode === "tool" ? await this.viaTool(target, call) : await this.viaOutput(target, mode, call);
      } catch (error) {
        const invalid = invalidJsonOutput(error);
        const oversized = oversizedAnswer(error);
        if (oversized) {
          // A model that ran past its limit is a bad answer, not a provider down: asked again and repaired as one.
          attempt = {
            answer: {
              ok: false,
              problem: `${oversized.message}, more than ${call.maxOutputTokens} tokens allow`,
              text: "",
              provider: target.provider,
            },
            // What arrived was generated, and is billed: counted as text at four characters a token.
            outputTokens: Math.ceil(oversized.bytes / 4),
            malformed: true,
          };
        } else if (invalid) {
          attempt = {
            answer: {
              ok: false,
              problem: "the answer was not valid JSON (the provider's own check refused it)",
              text: invalid.text,
              provider: target.provider,
            },
            malformed: true,
          };
        } else {
          const typed = toTypedError(error, target.provider);
          const headers = APICallError.isInstance(error) ? error.responseHeaders : undefined;
          const rateLimited = isTransient(typed) && typed.code === "rate_limited";
          const next = rejectsMode(error, mode) ? nextStructuredMode(mode) : undefined;
          // A refused key or a model the provider no longer serves fails every call: its breaker should open.
          const failed = (isTransient(typed) && !rateLimited) || providerAtFault(error);
          // A call given up on went on at the provider, which bills what it generated: it is booked at the
          // estimate it was admitted by (its prompt and its output limit). A refusal or a 5xx is not billed.
          const spent =
            isTransient(typed) && typed.code === "timeout"
              ? usage(promptTokens(call as ModelCall<unknown>), call.maxOutputTokens)
              : usage();
          // The guard hears of the call even when its usage cannot be recorded: its reservation and a half-open
          // breaker's probe are given back now, not when they time out.
          try {
            await spend(spent);
          } finally {
            await report({
              ok: !failed,
              rateLimited,
              usedTokens: spent.inputTokens + spent.outputTokens,
              observed: observedLimits(headers ?? {}, Date.now()),
              ...(failed ? { error: typed.message } : {}),
              ...(next ? { learnedMode: next } : {}),
            });
          }
          if (next) {
            this.modes.set(target.provider, { mode: next, since: now() });
            mode = next;
            learnedHere = next;
            continue;
          }
          if (isTransient(typed) && !rateLimited) {
            const wait = APICallError.isInstance(error)
              ? retryAfterMs(error.responseHeaders?.["retry-after"])
              : undefined;
            if (wait === undefined || wait <= (this.options.maxRetryWaitMs ?? 8000))
              throw new RetryableCall(typed, wait);
          }
          throw typed;
        }
      }
      // A server that reports no usage (some OpenAI-compatible ones) is counted at the estimate, not as free: the
      // job's budget must see what the call spent.
      const inputTokens = attempt.inputTokens ?? promptTokens(call as ModelCall<unknown>);
      const outputTokens = attempt.outputTokens ?? answerTokens(attempt.answer as ModelAnswer<unknown>);
      try {
        await spend(usage(inputTokens, outputTokens));
      } finally {
        // Malformed output is retried and repaired; it says nothing about the provider being up, so the
        // breaker does not count it (the admin page still lists it).
        await report({
          ok: true,
          usedTokens: inputTokens + outputTokens,
          observed: observedLimits(attempt.headers ?? {}, Date.now()),
          ...(attempt.malformed ? { error: `${target.provider} answered malformed JSON` } : {}),
        });
      }
      if (attempt.malformed)
        throw new RetryableCall(
          new Error(attempt.answer.ok ? "" : attempt.answer.problem),
          undefined,
          attempt.answer as ModelAnswer<never>,
        );
      return attempt.answer;
    }
  }

  /**
   * The call's answer, or a TimeoutError a second after its abort signal fired: a provider that does not heed the
   * signal (a binding, a body that never ends) still lets go of the call.
   */
  private inTime<R>(answer: Promise<R>): Promise<R> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          const error = new Error("the provider did not answer in time");
          error.name = "TimeoutError";
          reject(error);
        },
        (this.options.timeoutMs ?? 90_000) + 1000,
      );
    });
    return Promise.race([answer, late]).finally(() => clearTimeout(timer));
  }

  private common(target: ModelTarget, mode: StructuredMode, call: ModelCall<unknown>) {
    const providerOptions = target.providerOptions?.(mode);
    return {
      model: target.languageModel(mode),
      system: call.system,
      maxOutputTokens: call.maxOutputTokens,
      ...(providerOptions ? { providerOptions } : {}),
      maxRetries: 0,
      abortSignal: AbortSignal.timeout(this.options.timeoutMs ?? 90_000),
    };
  }

  private async viaOutput<T>(target: ModelTarget, mode: StructuredMode, call: ModelCall<T>): Promise<Attempt<T>> {
    const provider = target.provider;
    try {
      const result = await this.inTime(
        generateText({
          ...this.common(target, mode, call as ModelCall<unknown>),
          prompt: mode === "json_object" ? withSchemaInPrompt(call.prompt, call.schema) : call.prompt,
          output: Output.object({ schema: call.schema }),
        }),
      );
      const spent = {
        inputTokens: result.usage.inputTokens,
        outputTokens: result.usage.outputTokens,
        ...(result.response.headers ? { headers: result.response.headers } : {}),
      };
      let value: unknown;
      try {
        value = result.output;
      } catch (error) {
        if (!NoOutputGeneratedError.isInstance(error)) throw error;
        // An empty answer (a reasoning model that spent its tokens thinking, a reply cut off before any text) is a
        // bad answer like malformed JSON: asked again, then repaired or handed on, and what it cost is counted.
        return {
          answer: {
            ok: false,
            problem: `the answer was empty (finish reason: ${result.finishReason})`,
            text: result.text,
            provider,
          },
          ...spent,
          malformed: true,
        };
      }
      return { answer: { ok: true, value: value as T, provider }, ...spent };
    } catch (error) {
      if (!NoObjectGeneratedError.isInstance(error)) throw error;
      const spent = { inputTokens: error.usage?.inputTokens, outputTokens: error.usage?.outputTokens };
      // JSON in a code fence or after a line of prose, or the object under one key or a schema's "properties": the
      // answer is there, only wrapped.
      if (error.finishReason !== "length") {
        const found = JSONParseError.isInstance(error.cause) ? wrappedJson(error.text ?? "") : safeJsonOf(error.text);
        const unwrapped = parseUnwrapped(call.schema, found);
        if (unwrapped.success) return { answer: { ok: true, value: unwrapped.data, provider }, ...spent };
      }
      return {
        answer: { ok: false, problem: describe(error), text: error.text ?? "", provider },
        ...spent,
        malformed: JSONParseError.isInstance(error.cause) && error.finishReason !== "length",
      };
    }
  }

  /** Tool mode: one forced call of an `answer` tool whose arguments are the answer, checked here. */
  private async viaTool<T>(target: ModelTarget, call: ModelCall<T>): Promise<Attempt<T>> {
    const provider = target.provider;
    const answerTool = tool({
      description: "Give the complete answer as this tool's arguments.",
      inputSchema: jsonSchema(z.toJSONSchema(call.schema, { io: "input" }) as Parameters<typeof jsonSchema>[0]),
    });
    const ask = () =>
      generateText({
        ...this.common(target, "tool", call as ModelCall<unknown>),
        prompt: call.prompt,
        tools: { answer: answerTool },
        toolChoice: { type: "tool", toolName: "answer" },
      });
    let result: Awaited<ReturnType<typeof ask>>;
    try {
      result = await this.inTime(ask());
    } catch (error) {
      if (!InvalidToolInputError.isInstance(error)) throw error;
      const problem = `the answer is not valid JSON: ${error.message.slice(0, 300)}`;
      return { answer: { ok: false, problem, text: error.toolInput, provider }, malformed: true };
    }
    const tokens = {
      inputTokens: result.usage.inputTokens,
      outputTokens: result.usage.outputTokens,
      ...(result.response.headers ? { headers: result.response.headers } : {}),
    };
    const toolCall = result.toolCalls[0];
    if (!toolCall || toolCall.invalid) {
      const text = toolCall ? JSON.stringify(toolCall.input ?? "") : result.text;
      return {
        answer: { ok: false, problem: "the answer is not valid JSON", text, provider },
        malformed: true,
        ...tokens,
      };
    }
    const parsed = parseUnwrapped(call.schema, toolCall.input);
    if (!parsed.success) {
      const problem = `the answer does not fit the requested shape: ${parsed.error.message.slice(0, 600)}`;
      return { answer: { ok: false, problem, text: JSON.stringify(toolCall.input), provider }, ...tokens };
    }
    return { answer: { ok: true, value: parsed.data, provider }, ...tokens };
  }
}
