import type { ArticleDraft } from "../../article/draft";
import type { Article } from "../../article/model";
import { inSourceNumbers } from "../../article/numbering";
import type { WriteRequest } from "../../ports/writer";
import { capitalise } from "../../text/case";
import { citationMarkers } from "../../text/markdown";
import { composeExtractive, quotedSection } from "./compose";
import { keywordLabelled, metaDescription, subjectNote } from "./templates";

const KEYPHRASE = /\b(key ?phrase|keyword|focus)\b/i;
const has = (text: string, keyword: string) => text.toLocaleLowerCase().includes(keyword.toLocaleLowerCase());
const startsWith = (text: string, keyword: string) => text.toLocaleLowerCase().startsWith(keyword.toLocaleLowerCase());

type Fix = (draft: ArticleDraft, req: WriteRequest, finding: string) => ArticleDraft;

/** Each finding the extractive writer can act on, recognised by its words, and what it changes. */
const FIXES: [RegExp, Fix][] = [
  [
    /\btitle\b.*\bkey ?phrase|key ?phrase.*\btitle\b/i,
    (d, { keyword, options }) =>
      startsWith(d.title, keyword) ? d : { ...d, title: keywordLabelled(keyword, d.title, options.language) },
  ],
  [
    /\bmeta description\b/i,
    // Written again as one whole sentence of the right length with the keyword, never lengthened and cut.
    (d, { keyword, options }) => ({
      ...d,
      metaDescription: metaDescription(
        keyword,
        d.sections.map((s) => s.heading),
        citedSources(d),
        options.language,
      ),
    }),
  ],
  [
    /\b(intro|introduction|first paragraph)\b/i,
    (d, { keyword, options }, finding) => {
      const first = d.intro.split(/(?<=[.!?])\s/)[0] ?? "";
      if (!KEYPHRASE.test(finding) || has(first, keyword)) return d;
      return { ...d, intro: `${subjectNote(capitalise(keyword), options.language)} ${d.intro}` };
    },
  ],
  [
    /\b(sub)?headings?\b.*\bkey ?phrase|key ?phrase.*\b(sub)?headings?\b/i,
    (d, { keyword, options }) => {
      // About a third of the subheadings should carry the keyphrase; the ones without it get it first.
      let missing = Math.ceil(d.sections.length / 3) - d.sections.filter((s) => has(s.heading, keyword)).length;
      const sections = d.sections.map((s) => {
        if (missing <= 0 || has(s.heading, keyword)) return s;
        missing--;
        return { ...s, heading: keywordLabelled(keyword, s.heading, options.language, false) };
      });
      return { ...d, sections };
    },
  ],
  [
    /add a section on "([^"]+)"/i,
    (d, req, finding) => {
      const heading = /add a section on "([^"]+)"/i.exec(finding)?.[1] ?? "";
      const quoted = [
        d.intro,
        ...d.sections.map((s) => s.body),
        ...d.faq.map((f) => f.answer),
        d.conclusion?.body ?? "",
      ].join(" ");
      const section = heading ? quotedSection(req, capitalise(heading).slice(0, 200), quoted) : undefined;
      return section ? { ...d, sections: [...d.sections, section] } : d;
    },
  ],
];

/** How many sources a draft cites: the count its meta description names. */
function citedSources(draft: ArticleDraft): number {
  const text = [draft.intro, ...draft.sections.map((s) => s.body), ...draft.faq.map((f) => f.answer)].join(" ");
  return new Set(citationMarkers(text)).size;
}

/** More material when the findings say the draft is short of its target. */
const TOO_SHORT = /\b(too short|more words|below the target|to reach the \d+-word target|write at least)\b/i;

/**
 * Acts on the findings an extractive draft can act on: the keyphrase in title, meta description, first
 * paragraph and subheadings; meta description length; a missing section on a subtopic; a missing FAQ or
 * conclusion; more material when short. Findings that need new prose (style, paraphrase) are left alone.
 */
export function reviseExtractive(req: WriteRequest, revision: { previous: Article; instructions: string[] }) {
  const tooShort = revision.instructions.some((finding) => TOO_SHORT.test(finding));
  const longer = { ...req.options, targetWords: Math.min(5000, Math.round(req.options.targetWords * 1.3)) };
  const fresh = composeExtractive(tooShort ? { ...req, options: longer } : req);
  const previous = inSourceNumbers(revision.previous);
  const conclusion = previous.conclusion ?? fresh.conclusion;
  let draft: ArticleDraft = tooShort
    ? fresh
    : {
        title: previous.title,
        metaDescription: previous.metaDescription,
        intro: previous.intro,
        sections: previous.sections,
        faq: previous.faq.length || !req.options.includeFaq ? previous.faq : fresh.faq,
        ...(conclusion ? { conclusion } : {}),
      };
  for (const finding of revision.instructions) {
    for (const [pattern, fix] of FIXES) if (pattern.test(finding)) draft = fix(draft, req, finding);
  }
  return draft;
}
