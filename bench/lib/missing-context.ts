/**
 * Missing context: the share of an article's sentences (introduction, sections, FAQ answers) that start with a
 * pronoun or a connective nothing before them in the passage resolves ("It is excellent in pots…", "However, …").
 * A sentence leans on what came before; it is unresolved where that is not the same passage: at the start of a
 * paragraph, after a citation marker or a closing quote (the previous passage ended), and at the start of a
 * quotation inside a sentence ("Source A says: “It …”"). The writer's own sentence naming its text ("This research
 * draft on …") is resolved: it points to the document.
 */
import type { Article } from "../../src/core/article/model";
import { plainText } from "../../src/core/text/markdown";
import { sentences } from "../../src/core/text/sentences";
import { words } from "../../src/core/text/tokens";
import { pointsBackLater } from "../../src/core/writing/extractive/leaning";

const LEANS =
  /^(?:it|its|it's|this|that|these|those|they|them|their|he|she|his|her|such|both|which|but|and|so|also|however|therefore|thus|instead|then|yet|still|otherwise|besides|moreover|meanwhile|likewise|similarly)\b/i;
const MARKER = /\[\d{1,4}(?:\s*[,;]\s*\d{1,4})*\]/;
const LEADING = /^(?:\s*\[\d{1,4}(?:\s*[,;]\s*\d{1,4})*\])+\s*/;
/**
 * The writer naming its own text ("This research draft on …", "This article …"): the document is what it points
 * to, so it leans on nothing before it. Only outside quotation marks and without a citation: a source's "this
 * article" is the source's.
 */
const SELF_REFERENCE = /^(?:this|these)\s+(?:research\s+)?(?:draft|article|guide|post|piece|page|report|overview)s?\b/i;
/** The writer's own sentence naming its text: uncited (a cited one is a source's words, naming the source). */
const ownText = (raw: string) => SELF_REFERENCE.test(raw.replace(LEADING, "")) && !MARKER.test(raw);

export interface MissingContext {
  sentences: number;
  unresolved: number;
  share: number;
  examples: string[];
}

export function missingContext(article: Article): MissingContext {
  const parts = [article.intro, ...article.sections.map((s) => s.body), ...article.faq.map((f) => f.answer)];
  let total = 0;
  let unresolved = 0;
  const examples: string[] = [];
  for (const part of parts)
    for (const paragraph of plainText(part).split(/\n\s*\n/)) {
      let opens = true;
      for (const raw of sentences(paragraph)) {
        const sentence = raw.replace(LEADING, "");
        if (words(sentence).length < 4) {
          if (MARKER.test(raw)) opens = true;
          continue;
        }
        total++;
        const quotations = [...sentence.matchAll(/(?:“|(?<=^|[\s:(])")\s*/g)].map((m) =>
          sentence.slice((m.index ?? 0) + m[0].length),
        );
        // A demonstrative later in the sentence is judged in quoted text only, by the writer's own rule
        // (`pointsBackLater`): the writer's framing ("… makes this point.") points ahead to the quotation it introduces.
        const leans =
          (opens && LEANS.test(sentence.replace(/^[\s“"‘'(]+/, "")) && !ownText(raw)) ||
          quotations.some((start) => LEANS.test(start) || pointsBackLater(start));
        if (leans) {
          unresolved++;
          if (examples.length < 5) examples.push(sentence.slice(0, 120));
        }
        opens = MARKER.test(raw) || /[”"]\s*$/.test(sentence);
      }
    }
  return { sentences: total, unresolved, share: total ? unresolved / total : 0, examples };
}
