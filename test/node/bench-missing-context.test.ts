import { describe, expect, it } from "vitest";
import { missingContext } from "../../bench/lib/missing-context";
import { article } from "../quality-fixtures";

describe("bench:quality's missing-context figure", () => {
  it("counts sentences that open a passage with a pronoun or connective, not those their passage resolves", () => {
    const body = [
      "Potting mix is light and drains fast. It is excellent in pots but costly for a whole bed [1].",
      "It is excellent in pots but costly for a whole bed [2]. However, compost fixes most soils in a season.",
      "Source 3 says: “They need water every day in hot weather.”",
      "Water deeply twice a week in summer [4].",
    ].join("\n\n");
    const figure = missingContext(
      article({ intro: "Raised beds warm up early in spring.", sections: [{ heading: "Soil", level: 2, body }] }),
    );
    expect(figure.sentences).toBe(7);
    expect(figure.unresolved).toBe(3);
    expect(figure.examples).toEqual([
      "It is excellent in pots but costly for a whole bed [2].",
      "However, compost fixes most soils in a season.",
      "Source 3 says: “They need water every day in hot weather.”",
    ]);
  });

  it("judges a pronoun later in a sentence in quoted text only: the writer's own framing points ahead", () => {
    const body = [
      "Source 1 also makes this point. “A pump on a timer makes this nearly effortless.” [1]",
      "Source 2 has this to say. “Drip lines save about half the water of a sprinkler.” [2]",
    ].join("\n\n");
    const figure = missingContext(
      article({ intro: "Raised beds warm up early in spring.", sections: [{ heading: "Water", level: 2, body }] }),
    );
    expect(figure.sentences).toBe(5);
    expect(figure.examples).toEqual(["“A pump on a timer makes this nearly effortless.”"]);
  });

  it("reads the writer naming its own text as resolved, and a source naming its own (quoted or cited) as not", () => {
    const figure = missingContext(
      article({
        intro: "This research draft on raised beds brings together key passages from 3 sources.",
        sections: [
          {
            heading: "Soil",
            level: 2,
            body: "Source 1 writes: “This article covers soil for beds.” [1]\n\nThis guide gives four soil recipes [2].",
          },
        ],
      }),
    );
    expect(figure.sentences).toBe(3);
    expect(figure.examples).toEqual([
      "Source 1 writes: “This article covers soil for beds.”",
      "This guide gives four soil recipes [2].",
    ]);
  });
});
