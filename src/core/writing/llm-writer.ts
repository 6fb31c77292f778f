import type { z } from "zod";
import { deriveArticle } from "../article/derive";
import { type ArticleDraft, ArticleDraftSchema } from "../article/draft";
import type { CallUsage } from "../article/model";
import { inSourceNumbers } from "../article/numbering";
import { citableIds, draftProblems, markerProblems } from "../article/validate";
import { mapWithConcurrency } from "../concurrency";
import { PermanentError } from "../errors";
import {
  type DraftPart,
  type DraftParts,
  type WriteRequest,
  type WriteResult,
  type Writer,
  withUsage,
} from "../ports/writer";
import { citationMarkers } from "../text/markdown";
import { writingBudget } from "./budget";
import type { StructuredModel } from "./model";
import { FramingSchema, OutlineSchema, outlineProblems, SectionBodySchema } from "./outline";
import { framingPrompt, outlinePrompt, revisionPrompt, sectionPrompt, systemPrompt } from "./prompts";
import { askWithRepair, type RepairContext } from "./repair";

/**
 * Kept "parts" under this prefix are the calls of a part that did not finish (its try failed): paid for all the
 * same, so the next try of the write counts them in its budget and its draft's usage.
 */
const SPENT = "spent:";

/** A write in progress: the repair context plus the parts an earlier try of the same write kept. */
interface WriteContext extends RepairContext {
  kept: Record<string, DraftPart>;
  parts?: DraftParts;
}

/**
 * Writes in two steps: an outline from the research, then the sections (in parallel up to what the provider
 * takes) and the frame around them (intro, FAQ, conclusion). A revision rewrites the previous draft with the
 * assessment's findings in the prompt.
 */
export class LlmWriter implements Writer {
  readonly kind = "llm" as const;

  constructor(
    readonly name: string,
    private readonly model: StructuredModel,
  ) {}

  async write(req: WriteRequest): Promise<WriteResult> {
    if (!req.sources.some((s) => s.status === "ok")) {
      throw new PermanentError("no_sources", "Writing needs at least one retrieved (ok) source to cite");
    }
    const usage: CallUsage[] = [];
    let repairs: string[] = [];
    let draft: ArticleDraft;
    try {
      const ctx: WriteContext = {
        record: (u) => usage.push(u),
        citable: citableIds(req.sources),
        repairs: [],
        kept: req.parts ? await req.parts.load() : {},
        ...(req.parts ? { parts: req.parts } : {}),
        ...(req.budget ? { budget: req.budget } : {}),
      };
      for (const [name, part] of Object.entries(ctx.kept)) {
        if (!name.startsWith(SPENT)) continue;
        for (const call of part.usage) {
          ctx.record(call);
          ctx.budget?.spent(call);
        }
      }
      draft = req.revision ? await this.revise(req, ctx) : await this.compose(req, ctx);
      const problems = draftProblems(draft, req.options, req.sources);
      if (problems.length) throw new PermanentError("invalid_model_output", problems.join("; "));
      repairs = ctx.repairs;
    } catch (error) {
      throw withUsage(error, usage);
    }
    const article = deriveArticle(draft, {
      kind: "llm",
      keyword: req.keyword,
      options: req.options,
      sources: req.sources,
    });
    return { article, usage, ...(repairs.length ? { repairs } : {}) };
  }

  /**
   * One part of the draft: taken from the parts kept by an earlier try of this write when it is there (its
   * calls' usage comes with it), otherwise asked for and kept as soon as it is finished.
   */
  private async part<T>(
    ctx: WriteContext,
    name: string,
    schema: z.ZodType<T>,
    ask: (partCtx: RepairContext) => Promise<T>,
  ): Promise<T> {
    const kept = ctx.kept[name];
    const parsed = kept ? schema.safeParse(kept.value) : undefined;
    if (kept && parsed?.success) {
      for (const call of kept.usage) {
        ctx.record(call);
        ctx.budget?.spent(call);
      }
      return parsed.data;
    }
    const partUsage: CallUsage[] = [];
    let value: T;
    try {
      value = await ask({
        ...ctx,
        record: (call) => {
          partUsage.push(call);
          ctx.record(call);
        },
      });
    } catch (error) {
      // The calls of a part that did not finish were paid for: the next try of this write counts them.
      if (partUsage.length && ctx.parts) {
        await ctx.parts
          .save(`${SPENT}${name}:${crypto.randomUUID()}`, { value: null, usage: partUsage })
          .catch(() => undefined);
      }
      throw error;
    }
    await ctx.parts?.save(name, { value, usage: partUsage });
    return value;
  }

  private async compose(req: WriteRequest, ctx: WriteContext): Promise<ArticleDraft> {
    const { keyword, options, sources } = req;
    const budget = writingBudget(options);
    const system = systemPrompt(options);
    const citable = ctx.citable;
    const outline = await this.part(ctx, "outline", OutlineSchema, (partCtx) =>
      askWithRepair(
        this.model,
        {
          purpose: "outline",
          system,
          prompt: outlinePrompt(keyword, options, budget, sources, req.competitors),
          schema: OutlineSchema,
          maxOutputTokens: budget.tokens.outline,
        },
        (value) => outlineProblems(value, options),
        partCtx,
      ),
    );
    const framing = this.part(ctx, "framing", FramingSchema, (partCtx) =>
      askWithRepair(
        this.model,
        {
          purpose: "framing",
          system,
          prompt: framingPrompt(keyword, options, budget, outline, sources),
          schema: FramingSchema,
          maxOutputTokens: budget.tokens.framing,
        },
        (value) => [
          ...markerProblems("intro", value.intro, citable),
          ...value.faq.flatMap((f, i) => markerProblems(`faq ${i + 1}`, f.answer, citable)),
          ...(value.conclusion ? markerProblems("conclusion", value.conclusion.body, citable) : []),
          ...(options.includeFaq && value.faq.length === 0 ? ["faq is empty; answer the FAQ questions"] : []),
          ...(options.includeConclusion && !value.conclusion ? ["the conclusion is missing"] : []),
        ],
        partCtx,
      ),
    );
    // The frame runs alongside the sections, so it takes one of the provider's parallel slots.
    const bodies = mapWithConcurrency(outline.sections, Math.max(1, this.model.maxConcurrency - 1), (section, i) =>
      this.part(ctx, `section:${i}`, SectionBodySchema, (partCtx) =>
        askWithRepair(
          this.model,
          {
            purpose: `section:${i}`,
            system,
            prompt: sectionPrompt(keyword, options, budget, outline, i, sources),
            schema: SectionBodySchema,
            maxOutputTokens: budget.tokens.section,
          },
          (value) => [
            ...markerProblems(`section "${section.heading}"`, value.body, citable),
            ...(citationMarkers(value.body).length ? [] : [`section "${section.heading}" has no [n] citation`]),
          ],
          partCtx,
        ),
      ),
    );
    // Both finish before a failure of either is thrown, so every call in flight is accounted for.
    const [settledFrame, settledBodies] = await Promise.allSettled([framing, bodies]);
    if (settledFrame.status === "rejected") throw settledFrame.reason;
    if (settledBodies.status === "rejected") throw settledBodies.reason;
    const [frame, sectionBodies] = [settledFrame.value, settledBodies.value];
    return {
      title: outline.title,
      metaDescription: outline.metaDescription,
      intro: frame.intro,
      sections: outline.sections.map((s, i) => ({
        heading: s.heading,
        level: s.level,
        body: sectionBodies[i]?.body ?? "",
      })),
      faq: frame.faq,
      ...(frame.conclusion ? { conclusion: frame.conclusion } : {}),
    };
  }

  private async revise(req: WriteRequest, ctx: WriteContext): Promise<ArticleDraft> {
    const revision = req.revision;
    if (!revision) throw new Error("revise() needs a revision request");
    const { title, metaDescription, intro, sections, faq, conclusion } = inSourceNumbers(revision.previous);
    const previous: ArticleDraft = {
      title,
      metaDescription,
      intro,
      sections,
      faq,
      ...(conclusion ? { conclusion } : {}),
    };
    return this.part(ctx, `revision:${revision.attempt}`, ArticleDraftSchema, (partCtx) =>
      askWithRepair(
        this.model,
        {
          purpose: `revision:${revision.attempt}`,
          system: systemPrompt(req.options),
          prompt: revisionPrompt(req.keyword, req.options, previous, revision.instructions),
          schema: ArticleDraftSchema,
          maxOutputTokens: writingBudget(req.options).tokens.revision,
        },
        (value) => draftProblems(value, req.options, req.sources),
        partCtx,
      ),
    );
  }
}
