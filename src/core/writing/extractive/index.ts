import { deriveArticle } from "../../article/derive";
import { draftProblems } from "../../article/validate";
import { PermanentError } from "../../errors";
import type { WriteRequest, WriteResult, Writer } from "../../ports/writer";
import { composeExtractive } from "./compose";
import { reviseExtractive } from "./revise";
import { extractiveDisclaimer } from "./templates";

/**
 * The offline writer: an article assembled from quoted, cited source sentences, labelled as a research
 * draft. Deterministic: the same request gives the same article.
 */
export class ExtractiveWriter implements Writer {
  readonly kind = "extractive" as const;
  readonly name = "extractive";

  async write(req: WriteRequest): Promise<WriteResult> {
    if (!req.sources.some((s) => s.status === "ok")) {
      throw new PermanentError("no_sources", "The extractive writer needs at least one retrieved (ok) source");
    }
    const draft = req.revision ? reviseExtractive(req, req.revision) : composeExtractive(req);
    if (draft.sections.length === 0) {
      throw new PermanentError("no_sources", "No source sentence is relevant enough to quote for this keyword");
    }
    const problems = draftProblems(draft, req.options, req.sources);
    if (problems.length) throw new PermanentError("invalid_draft", problems.join("; "));
    const article = deriveArticle(draft, {
      kind: "extractive",
      keyword: req.keyword,
      options: req.options,
      sources: req.sources,
      disclaimer: extractiveDisclaimer(req.options.language),
    });
    return {
      article,
      usage: [
        {
          provider: "extractive",
          model: "extractive",
          purpose: "draft",
          inputTokens: 0,
          outputTokens: 0,
          latencyMs: 0,
          costUsd: 0,
        },
      ],
    };
  }
}
