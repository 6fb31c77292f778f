import { describe, expect, it } from "vitest";
import { defaultOptions } from "../../src/core/article/options";
import { assessArticle, OFF_TOPIC_CAP } from "../../src/core/assess/index";
import { topicality } from "../../src/core/quality/topicality";
import { article, source } from "../quality-fixtures";

const bedText = [
  "Raised beds warm up earlier in spring and drain well after heavy rain.",
  "Fill the bed with a mix of topsoil and compost so roots can spread.",
  "Cedar boards last longer than pine boards in a wet climate.",
].join(" ");

const offTopic = article({
  title: "Compost Tea: A Guide",
  focusKeyphrase: "compost tea",
  intro:
    "Compost tea is the subject of this guide.\n\nRaised beds warm up earlier in spring and drain well after heavy rain [1].",
  sections: [
    {
      heading: "Compost tea and soil",
      level: 2,
      body: "Fill the bed with a mix of topsoil and compost so roots can spread [1].",
    },
    {
      heading: "Compost tea and wood",
      level: 2,
      body: "Cedar boards last longer than pine boards in a wet climate [1].",
    },
  ],
  conclusion: { body: "Raised beds warm up earlier in spring [1].", callToAction: "Give compost tea a try!" },
});

describe("topicality", () => {
  it("finds an article off-topic when its prose is about something else, whatever its title, headings and framing say", () => {
    const result = topicality(offTopic);
    expect(result.offTopic).toBe(true);
    expect(result.check.findings[0]).toMatchObject({ check: "topicality", severity: "high" });
  });

  it("keeps an off-topic article below any threshold however well it scores otherwise", () => {
    const assessed = assessArticle(offTopic, { sources: [source(1, bedText)], options: defaultOptions() });
    expect(assessed.offTopic).toBe(true);
    expect(assessed.score).toBeLessThanOrEqual(OFF_TOPIC_CAP);
  });

  it("finds an article on-topic when its sections discuss the keyword", () => {
    const onTopic = article({
      ...offTopic,
      focusKeyphrase: "raised bed",
      intro: "A guide.\n\nRaised beds warm up earlier in spring and drain well after heavy rain [1].",
      sections: [
        { heading: "Soil", level: 2, body: "Fill the bed with a mix of topsoil and compost so roots can spread [1]." },
        { heading: "Wood", level: 2, body: "Cedar boards for a raised bed last longer than pine [1]." },
      ],
    });
    expect(topicality(onTopic)).toMatchObject({ offTopic: false, check: { score: 100 } });
  });
});
