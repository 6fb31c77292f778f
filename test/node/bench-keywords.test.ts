import { describe, expect, it } from "vitest";
import { fixtureKeywords } from "../../scripts/lib/bench-api.mjs";

const pages = (...titles: string[]) => titles.map((title) => ({ title }));

describe("benchmark keywords from the fixture pages' titles", () => {
  it("takes the subject, not a short label before the colon nor the subtitle after it", () => {
    const keywords = fixtureKeywords(
      pages(
        "Case Study: Rolling Out Git Hooks to a Team",
        "Members Only: Raised Bed Planting Calendar",
        "Emergency Fund FAQ: 18 Questions About Saving",
        "The Best Soil Mix (Recipes and Ratios)",
      ),
      [""],
    );
    expect(keywords).toEqual([
      "rolling out git hooks to a team",
      "raised bed planting calendar",
      "emergency fund faq",
      "the best soil mix",
    ]);
  });

  it("leaves out headlines no one would ask for as a keyword, and repeats none", () => {
    const keywords = fixtureKeywords(
      pages("How We Cut Our Hook Time from 41 Seconds to 2.3 Seconds Flat", "Compost Tea", "Compost tea"),
      ["", "tips"],
    );
    expect(keywords).toEqual(["compost tea", "compost tea tips"]);
    expect(
      fixtureKeywords(pages("Raised Bed Soil Mix Recipes for Beginners", "Compost Tea"), [""], 5, { maxWords: 4 }),
    ).toEqual(["compost tea"]);
  });
});
