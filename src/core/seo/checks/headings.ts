import { type CheckResult, result, type SeoContext } from "./result";

/** One H1 names the page; a second competes with it. A missing one is usually the template's job. */
export function singleH1({ doc }: SeoContext): CheckResult {
  const id = "singleH1";
  const count = doc.headings.filter((h) => h.level === 1).length;
  if (count === 1) return result(id, "good", count, "The page has exactly one H1.");
  if (count === 0) return result(id, "improve", count, "Add one H1 heading, normally the title.", 50);
  return result(id, "problem", count, `The page has ${count} H1 headings; keep one and turn the others into H2.`);
}

/** Headings nest one level at a time (H2 → H3, not H2 → H4), so outlines and screen readers make sense. */
export function headingHierarchy({ doc }: SeoContext): CheckResult {
  const id = "headingHierarchy";
  const skips: string[] = [];
  let previous = 0;
  for (const heading of doc.headings) {
    if (previous && heading.level > previous + 1)
      skips.push(`H${previous} → H${heading.level} before "${heading.text.slice(0, 60)}"`);
    previous = heading.level;
  }
  if (!skips.length) return result(id, "good", { skips: 0 }, "Heading levels nest without gaps.");
  const message = `Heading levels skip ${skips.length === 1 ? "once" : `${skips.length} times`} (${skips.slice(0, 3).join("; ")}); use the next level down instead.`;
  return result(
    id,
    skips.length >= 3 ? "problem" : "improve",
    { skips: skips.length },
    message,
    70 - skips.length * 10,
  );
}
