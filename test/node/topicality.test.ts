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

  /** The bed article under `focusKeyphrase`, its soil section saying `soil`. */
  const bedArticle = (focusKeyphrase: string, soil: string) =>
    article({
      ...offTopic,
      focusKeyphrase,
      intro: "A guide.\n\nRaised beds warm up earlier in spring and drain well after heavy rain [1].",
      sections: [
        { heading: "Soil", level: 2, body: soil },
        { heading: "Wood", level: 2, body: "Cedar boards for a raised bed last longer than pine [1]." },
      ],
    });

  it("finds an article on-topic when its sections discuss the keyword", () => {
    const onTopic = bedArticle("raised bed", "Fill the bed with a mix of topsoil and compost so roots can spread [1].");
    expect(topicality(onTopic)).toMatchObject({ offTopic: false, check: { score: 100 } });
  });

  it("does not ask the prose to say the keyword's search-intent word, nor take it for the keyword's head", () => {
    const onTopic = bedArticle("raised bed faq", "Fill the raised bed with a mix of topsoil and compost [1].");
    expect(topicality(onTopic)).toMatchObject({ offTopic: false, check: { score: 100 } });
    expect(topicality({ ...offTopic, focusKeyphrase: "compost tea tips" }).offTopic).toBe(true);
  });

  const gardenText = [
    "Raised beds drain quickly, so gardeners water a little every evening.",
    "Wet leaves overnight invite fungal diseases such as early blight and powdery mildew.",
    "Stake tomatoes early and prune the lower leaves so air moves through the plants.",
    "Credit cards are a poor place to put the cost of new cedar boards.",
  ].join(" ");
  const gardenArticle = (focusKeyphrase: string, intro: string) =>
    article({
      title: `${focusKeyphrase}: a guide`,
      focusKeyphrase,
      intro,
      sections: [
        {
          heading: "Leaves",
          level: 2,
          body: "Wet leaves overnight invite fungal diseases such as early blight and powdery mildew [1]. Stake tomatoes early and prune the lower leaves so air moves through the plants [1].",
        },
        {
          heading: "Water",
          level: 2,
          body: "Wet leaves overnight invite fungal diseases such as early blight and powdery mildew [1]. Stake tomatoes early and prune the lower leaves so air moves through the plants [1].",
        },
      ],
      citations: [{ marker: 1, sourceId: 1, location: "intro" }],
    });

  it("does not count a cited sentence naming the keyword that its source does not support", () => {
    const padded = gardenArticle(
      "tomato blight",
      "Tomato blight is easier to handle with the evidence in front of you [1]. Tomato blight is the subject here [1].",
    );
    expect(topicality(padded).offTopic).toBe(false);
    const assessed = assessArticle(padded, { sources: [source(1, gardenText)], options: defaultOptions() });
    expect(assessed.offTopic).toBe(true);
  });

  it("needs the keyword's terms together in a claim: 'tomatoes' here and 'early blight' there are not 'tomato blight'", () => {
    const scattered = gardenArticle(
      "tomato blight",
      "Stake tomatoes early and prune the lower leaves so air moves through the plants [1].",
    );
    expect(topicality(scattered).offTopic).toBe(true);
  });

  it("lets a long keyword lose one term, but never its head", () => {
    const cards = article({
      title: "Credit card rewards: a guide",
      focusKeyphrase: "credit card rewards",
      intro: "Credit cards are a poor place to put the cost of new cedar boards [1].",
      sections: [{ heading: "Boards", level: 2, body: "Credit cards are a poor place to put the cost of boards [1]." }],
    });
    expect(topicality(cards).offTopic).toBe(true);
    const beds = article({
      title: "Raised bed vegetable garden",
      focusKeyphrase: "raised bed vegetable garden",
      intro: "A raised bed garden drains quickly after rain [1].",
      sections: [{ heading: "Soil", level: 2, body: "Fill the raised bed garden with topsoil and compost [1]." }],
    });
    expect(topicality(beds).offTopic).toBe(false);
  });
});

describe("topicality and a keyword term's agent noun", () => {
  it("finds an article for gardeners about raised beds on-topic for 'raised bed garden', as research's relevance does", () => {
    const body = (n: number) => `Gardeners fill a raised bed with topsoil and compost, as note ${n} says [1].`;
    const forGardeners = article({
      focusKeyphrase: "raised bed garden",
      intro: body(1),
      sections: [
        { heading: "Soil", level: 2, body: body(2) },
        { heading: "Water", level: 2, body: body(3) },
      ],
    });
    expect(topicality(forGardeners).offTopic).toBe(false);
    expect(topicality({ ...forGardeners, focusKeyphrase: "rock garden" }).offTopic).toBe(true);
  });
});
