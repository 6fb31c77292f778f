import { deriveArticle } from "../article/derive";
import { type ArticleDraft, ArticleDraftSchema } from "../article/draft";
import type { CallUsage } from "../article/model";
import { inSourceNumbers } from "../article/numbering";
import { citableIds, draftProblems, markerProblems } from "../article/validate";
import { mapWithConcurrency } from "../concurrency";
import { PermanentError } from "../errors";
import { type WriteRequest, type WriteResult, type Writer, withUsage } from "../ports/writer";
import { writingBudget } from "./budget";
import type { StructuredModel } from "./model";
import { FramingSchema, OutlineSchema, outlineProblems, SectionBodySchema } from "./outline";
import { framingPrompt, outlinePrompt, revisionPrompt, sectionPrompt, systemPrompt } from "./prompts";
import { askWithRepair, type RepairContext } from "./repair";

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
    const ctx: RepairContext = { record: (u) => usage.push(u), citable: citableIds(req.sources), repairs: [] };
    let draft: ArticleDraft;
    try {
      draft = req.revision ? await this.revise(req, ctx) : await this.compose(req, ctx);
      const problems = draftProblems(draft, req.options, req.sources);
      if (problems.length) throw new PermanentError("invalid_model_output", problems.join("; "));
    } catch (error) {
      throw withUsage(error, usage);
    }
    const article = deriveArticle(draft, {
      kind: "llm",
      keyword: req.keyword,
      options: req.options,
      sources: req.sources,
    });
    return { article, usage, ...(ctx.repairs.length ? { repairs: ctx.repairs } : {}) };
  }

  private async compose(req: WriteRequest, ctx: RepairContext): Promise<ArticleDraft> {
    const { keyword, options, sources } = req;
    const budget = writingBudget(options);
    const system = systemPrompt(options);
    const citable = ctx.citable;
    const outline = await askWithRepair(
      this.model,
      {
        purpose: "outline",
        system,
        prompt: outlinePrompt(keyword, options, budget, sources, req.competitors),
        schema: OutlineSchema,
        maxOutputTokens: budget.tokens.outline,
      },
      (value) => outlineProblems(value, options),
      ctx,
    );
    const framing = askWithRepair(
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
      ctx,
    );
    // The frame runs alongside the sections, so it takes one of the provider's parallel slots.
    const bodies = mapWithConcurrency(outline.sections, Math.max(1, this.model.maxConcurrency - 1), (section, i) =>
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
          ...(/\[\d+\]/.test(value.body) ? [] : [`section "${section.heading}" has no [n] citation`]),
        ],
        ctx,
      ),
    );
    const [frame, sectionBodies] = await Promise.all([framing, bodies]);
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

  private async revise(req: WriteRequest, ctx: RepairContext): Promise<ArticleDraft> {
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
    return askWithRepair(
      this.model,
      {
        purpose: `revision:${revision.attempt}`,
        system: systemPrompt(req.options),
        prompt: revisionPrompt(req.keyword, req.options, previous, revision.instructions),
        schema: ArticleDraftSchema,
        maxOutputTokens: writingBudget(req.options).tokens.revision,
      },
      (value) => draftProblems(value, req.options, req.sources),
      ctx,
    );
  }
}
