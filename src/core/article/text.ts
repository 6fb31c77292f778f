/** Text helpers shared by the article model, the writers and the renderers. */
import { outsideCode } from "../text/markdown";

/** Grouped markers (`[1, 3]`, `[1;3]`) become one marker each (`[1][3]`), the form the article model uses. */
export function normaliseMarkers(text: string): string {
  return outsideCode(text, (prose) =>
    prose.replace(/\[(\d{1,3}(?:\s*[,;]\s*\d{1,3})+)\]/g, (_all, list: string) =>
      list
        .split(/[,;]/)
        .map((n) => `[${n.trim()}]`)
        .join(""),
    ),
  );
}

/** Lowercase ASCII words joined by dashes; empty when nothing Latin or numeric is left. */
export function slugify(text: string, maxLength = 80): string {
  const base = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|(?<!-)-+$/g, "");
  if (base.length <= maxLength) return base;
  const cut = base.slice(0, maxLength);
  const lastDash = cut.lastIndexOf("-");
  return (lastDash > maxLength / 2 ? cut.slice(0, lastDash) : cut).replace(/(?<!-)-+$/, "");
}

/**
 * Unique anchors for headings, in order: `what-is-x`, then `what-is-x-2` for a repeat, and the same for a
 * heading whose slug is an id the page gives its own parts (`conclusion-2` for a section called Conclusion).
 */
export function headingAnchors(headings: string[]): string[] {
  const taken = new Set<string>();
  return headings.map((heading, index) => {
    const base = slugify(heading, 60) || `section-${index + 1}`;
    let anchor = base;
    for (let n = 2; taken.has(anchor) || RESERVED_ANCHOR.test(anchor); n++) anchor = `${base}-${n}`;
    taken.add(anchor);
    return anchor;
  });
}

/** The ids the rendered page gives its own parts: a section's anchor never takes one of them. */
const RESERVED_ANCHOR = /^(?:faq|conclusion|sources|sources-title|toc-title|source-\d+)$/;
