import { z } from "zod";
import type { Article } from "../article/model";
import type { Assessment } from "../assess/index";

export interface RevisionPolicy {
  threshold: number;
  maxAttempts: number;
}
/** What the policy reads of an assessment: the findings' instructions, and whether the draft is off-topic. */
export interface Revisable {
  findings: { instruction: string }[];
  offTopic?: boolean;
}
export interface Attempt<A extends Revisable = Assessment> {
  attempt: number;
  score: number;
  assessment: A;
}
export type Decision =
  | { action: "accept"; best: number; passed: true }
  | { action: "revise"; best: number; instructions: string[] }
  | { action: "stop"; best: number; passed: false; reason: "max_attempts" | "no_improvement" };

export const DEFAULT_POLICY: RevisionPolicy = { threshold: 75, maxAttempts: 3 };
export const MAX_ATTEMPTS = 5;
/** The writer gets the most important fixes, not every nit: long instruction lists get ignored. */
export const MAX_INSTRUCTIONS = 8;

/** The per-request policy as callers send it (the jobs API reuses this schema). */
export const RevisionPolicySchema = z.object({
  seoThreshold: z.number().min(0).max(100).default(DEFAULT_POLICY.threshold),
  maxAttempts: z.number().int().min(1).max(MAX_ATTEMPTS).default(DEFAULT_POLICY.maxAttempts),
});
export type RevisionPolicyInput = z.input<typeof RevisionPolicySchema>;

export function toRevisionPolicy(input: RevisionPolicyInput = {}): RevisionPolicy {
  const parsed = RevisionPolicySchema.parse(input);
  return { threshold: parsed.seoThreshold, maxAttempts: parsed.maxAttempts };
}

/** The best attempt: the highest score, the earliest on a tie (a later equal draft is no better). */
export function bestAttempt<T extends Attempt<Revisable>>(attempts: T[]): T {
  const [first, ...rest] = attempts;
  if (!first) throw new RangeError("no attempts to choose from");
  return rest.reduce((best, a) => (a.score > best.score ? a : best), first);
}

/**
 * What to do after the latest attempt: accept the best draft once it reaches the threshold (never one that is
 * off-topic); stop when the attempts are used up or a revision did not beat the best earlier draft; otherwise
 * revise the best draft with the findings of its weakest checks, in priority order.
 */
export function decideNext(policy: RevisionPolicy, attempts: Attempt<Revisable>[]): Decision {
  const best = bestAttempt(attempts);
  if (best.score >= policy.threshold && !best.assessment.offTopic)
    return { action: "accept", best: best.attempt, passed: true };
  const maxAttempts = Math.min(MAX_ATTEMPTS, Math.max(1, policy.maxAttempts));
  if (attempts.length >= maxAttempts)
    return { action: "stop", best: best.attempt, passed: false, reason: "max_attempts" };
  const latest = attempts[attempts.length - 1];
  if (attempts.length > 1 && latest && latest.score <= bestAttempt(attempts.slice(0, -1)).score)
    return { action: "stop", best: best.attempt, passed: false, reason: "no_improvement" };
  const instructions = [...new Set(best.assessment.findings.map((f) => f.instruction))].slice(0, MAX_INSTRUCTIONS);
  return { action: "revise", best: best.attempt, instructions };
}

type Revision = { previous: Article; instructions: string[]; attempt: number };
type Drafted = Attempt & { article: Article };

/** Write, assess, decide, repeat: the loop the job pipeline and the tests share. */
export async function runRevisionLoop(args: {
  policy: RevisionPolicy;
  write: (revision?: Revision) => Promise<Article>;
  assess: (a: Article) => Assessment;
  onAttempt?: (a: Drafted) => Promise<void> | void;
}): Promise<{ best: Drafted; attempts: Attempt[]; passed: boolean }> {
  const drafts: Drafted[] = [];
  let revision: Revision | undefined;
  for (;;) {
    const article = await args.write(revision);
    const assessment = args.assess(article);
    const drafted: Drafted = { attempt: drafts.length + 1, score: assessment.score, assessment, article };
    drafts.push(drafted);
    await args.onAttempt?.(drafted);
    const decision = decideNext(args.policy, drafts);
    const best = drafts[decision.best - 1] ?? bestAttempt(drafts);
    const attempts = drafts.map(({ article: _article, ...attempt }) => attempt);
    if (decision.action === "accept") return { best, attempts, passed: true };
    if (decision.action === "stop") return { best, attempts, passed: false };
    revision = { previous: best.article, instructions: decision.instructions, attempt: drafts.length + 1 };
  }
}
