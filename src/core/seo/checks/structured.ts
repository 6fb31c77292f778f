import { type CheckResult, result, type SeoContext } from "./result";

const FAQ_HEADING = /\b(?:faqs?|frequently asked questions|questions and answers|q\s*&\s*a)\b/i;

/** An FAQ block (a heading that says so, several question headings, or FAQPage data) answers related searches. */
export function faqPresent({ doc }: SeoContext): CheckResult {
  const id = "faqPresent";
  const questions = doc.headings.filter((h) => h.level >= 2 && h.text.trim().endsWith("?")).length;
  const faqHeading = doc.headings.some((h) => FAQ_HEADING.test(h.text));
  const faqSchema = doc.jsonLd.some((block) => /"FAQPage"/.test(block));
  if (faqHeading || faqSchema || questions >= 2)
    return result(id, "good", { questions, faqHeading, faqSchema }, "The page answers common questions in an FAQ.");
  return result(
    id,
    "improve",
    { questions, faqHeading, faqSchema },
    "Add a short FAQ section that answers the questions people ask about the topic.",
    50,
  );
}

/**
 * Applies to whole pages only (a fragment's JSON-LD lives in its template). Each block must parse and name a
 * schema.org `@type`.
 */
export function jsonLdValid({ doc }: SeoContext): CheckResult | null {
  const id = "jsonLdValid";
  if (!doc.isFullPage && !doc.jsonLd.length) return null;
  if (!doc.jsonLd.length)
    return result(id, "improve", { blocks: 0 }, "Add schema.org JSON-LD (Article, and FAQPage for an FAQ).", 50);
  const errors: string[] = [];
  const types: string[] = [];
  doc.jsonLd.forEach((block, index) => {
    try {
      const parsed: unknown = JSON.parse(block);
      const items = Array.isArray(parsed) ? parsed : [parsed];
      const graph = items.flatMap((item) =>
        item && typeof item === "object" && Array.isArray((item as { "@graph"?: unknown })["@graph"])
          ? ((item as { "@graph": unknown[] })["@graph"] as unknown[])
          : [item],
      );
      for (const node of graph) {
        const type = node && typeof node === "object" ? (node as Record<string, unknown>)["@type"] : undefined;
        if (typeof type === "string" || Array.isArray(type)) types.push(String(type));
        else errors.push(`block ${index + 1} has an item without @type`);
      }
    } catch {
      errors.push(`block ${index + 1} is not valid JSON`);
    }
  });
  const value = { blocks: doc.jsonLd.length, types, errors: errors.length };
  if (errors.length)
    return result(id, "problem", value, `Fix the JSON-LD: ${errors.slice(0, 3).join("; ")}.`, 100 - errors.length * 40);
  return result(id, "good", value, `The JSON-LD parses (${types.join(", ")}).`);
}
