import type { ArticleDraft } from "../../article/draft";
import type { Article } from "../../article/model";
import type { WriteRequest } from "../../ports/writer";
import { composeExtractive, truncate } from "./compose";
import { capitalise } from "./outline";
import { titleCase } from "./templates";

const mentions = (text: string, pattern: RegExp) => pattern.test(text);
const KEYPHRASE = /\b(key ?phrase|keyword|focus)\b/;

function contains(text: string, keyword: string): boolean {
  return text.toLocaleLowerCase().includes(keyword.toLocaleLowerCase());
}

/**
 * Acts on the findings an extractive draft can act on: keyphrase in title, meta, intro and a subheading;
 * meta length; a missing FAQ or conclusion; more material when the draft is short. Other findings (style,
 * readability) need prose the extractive writer does not write, so they are left as they are.
 */
export function reviseExtractive(req: WriteRequest, revision: { previous: Article; instructions: string[] }) {
  const findings = revision.instructions.join("\n").toLowerCase();
  const { keyword } = req;
  const tooShort = mentions(findings, /\b(too short|longer|more words|below the target|expand)\b/);
  const fresh = composeExtractive(
    tooShort
      ? { ...req, options: { ...req.options, targetWords: Math.min(5000, Math.round(req.options.targetWords * 1.3)) } }
      : req,
  );
  const previous = revision.previous;
  let draft: ArticleDraft = tooShort
    ? fresh
    : {
        title: previous.title,
        metaDescription: previous.metaDescription,
        intro: previous.intro,
        sections: previous.sections,
        faq: previous.faq.length || !req.options.includeFaq ? previous.faq : fresh.faq,
        ...((previous.conclusion ?? fresh.conclusion) ? { conclusion: previous.conclusion ?? fresh.conclusion } : {}),
      };
  if (mentions(findings, /\btitle\b/) && !contains(draft.title, keyword)) {
    draft = { ...draft, title: `${titleCase(keyword)}: ${draft.title}`.slice(0, 200) };
  }
  if (mentions(findings, /\bmeta\b/)) {
    const meta = contains(draft.metaDescription, keyword)
      ? draft.metaDescription
      : `${capitalise(keyword)}: ${draft.metaDescription}`;
    draft = { ...draft, metaDescription: truncate(meta, 155) };
  }
  if (mentions(findings, /\b(intro|introduction|first paragraph)\b/) && KEYPHRASE.test(findings)) {
    const first = draft.intro.split(/(?<=[.!?])\s/)[0] ?? "";
    if (!contains(first, keyword))
      draft = { ...draft, intro: `${capitalise(keyword)} is the subject of this draft. ${draft.intro}` };
  }
  if (mentions(findings, /\b(subheading|heading|h2)s?\b/) && KEYPHRASE.test(findings)) {
    if (!draft.sections.some((s) => contains(s.heading, keyword))) {
      const [first, ...rest] = draft.sections;
      if (first)
        draft = {
          ...draft,
          sections: [{ ...first, heading: `${capitalise(keyword)}: ${first.heading}`.slice(0, 200) }, ...rest],
        };
    }
  }
  return draft;
}
