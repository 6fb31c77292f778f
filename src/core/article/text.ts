/** Text helpers shared by the article model, the writers and the renderers. */

/** Grouped markers (`[1, 3]`, `[1;3]`) become one marker each (`[1][3]`), the form the article model uses. */
export function normaliseMarkers(text: string): string {
  return text.replace(/\[(\d+(?:\s*[,;]\s*\d+)+)\]/g, (_all, list: string) =>
    list
      .split(/[,;]/)
      .map((n) => `[${n.trim()}]`)
      .join(""),
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

/** Unique anchors for headings, in order: `what-is-x`, then `what-is-x-2` for a repeat. */
export function headingAnchors(headings: string[]): string[] {
  const seen = new Map<string, number>();
  return headings.map((heading, index) => {
    const base = slugify(heading, 60) || `section-${index + 1}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  });
}
