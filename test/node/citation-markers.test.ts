import { describe, expect, it } from "vitest";
import type { ArticleDraft } from "../../src/core/article/draft";
import { numberCitations } from "../../src/core/article/numbering";
import { normaliseMarkers } from "../../src/core/article/text";
import { plainText } from "../../src/core/render/escape";
import { citationMarkers, stripMarkers } from "../../src/core/text/markdown";
import { dropUncitableMarkers } from "../../src/core/writing/citation-repair";

/** A research run reads at most 20 sources, so a citation marker has one to three digits; "[2024]" is a year. */
describe("citation markers and bracketed years", () => {
  it("reads a bracketed year as text, not as a citation", () => {
    expect(citationMarkers("The best laptops [2024] are fast [1], and the 2023 ones [12] are cheaper.")).toEqual([
      1, 12,
    ]);
    expect(stripMarkers("Best laptops [2024] are fast [1].")).toBe("Best laptops [2024] are fast.");
    expect(plainText("Best laptops [2024] are fast [1].")).toBe("Best laptops [2024] are fast.");
    expect(normaliseMarkers("Prices [2023, 2024] rose [1, 3].")).toBe("Prices [2023, 2024] rose [1][3].");
  });

  it("keeps a year in brackets when uncitable markers are dropped from a model's answer", () => {
    const { value, dropped } = dropUncitableMarkers(
      { title: "Best Budget Laptops [2024]", body: "They are fast [1] and light [7]." },
      new Set([1]),
    );
    expect(value).toEqual({ title: "Best Budget Laptops [2024]", body: "They are fast [1] and light." });
    expect(dropped).toEqual([7]);
  });
});

describe("citation markers and code", () => {
  const markdown =
    "Index it with `rows[7]` as the guide says [7, 3].\n\n```js\nconst first = rows[7];\n```\n\nThen [3].";

  it("reads markers in prose only: an index in a code span or fenced code is code", () => {
    expect(citationMarkers(markdown)).toEqual([7, 3, 3]);
    expect(normaliseMarkers(markdown)).toBe(markdown.replace("[7, 3].", "[7][3]."));
  });

  it("renumbers and drops markers in prose only, leaving code as written", () => {
    const draft = {
      title: "Indexing rows",
      metaDescription: "How to index rows.",
      intro: "An introduction [3].",
      sections: [{ heading: "Indexing", body: normaliseMarkers(markdown) }],
      faq: [],
    };
    const { draft: numbered, sourceIds } = numberCitations(draft as unknown as ArticleDraft);
    expect(numbered.sections[0]?.body).toBe(
      "Index it with `rows[7]` as the guide says [2][1].\n\n```js\nconst first = rows[7];\n```\n\nThen [1].",
    );
    expect([...sourceIds]).toEqual([
      [1, 3],
      [2, 7],
    ]);
    const { value, dropped } = dropUncitableMarkers({ body: "Use `rows[9]` here [9] and [1]." }, new Set([1]));
    expect(value).toEqual({ body: "Use `rows[9]` here and [1]." });
    expect(dropped).toEqual([9]);
  });
});
