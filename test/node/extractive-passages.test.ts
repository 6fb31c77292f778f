import { describe, expect, it } from "vitest";
import type { Source } from "../../src/core/research/types";
import { leansBack } from "../../src/core/writing/extractive/leaning";
import { sourceSentences } from "../../src/core/writing/extractive/sentences";
import { paragraphHeadings } from "../../src/core/writing/extractive/under";

/** A source whose text holds its headings and paragraphs one a line, in reading order, as extraction gives it. */
const page = (blocks: ({ h: string } | string)[], id = 1): Source => {
  const headings = blocks.flatMap((b) => (typeof b === "string" ? [] : [{ level: 2, text: b.h }]));
  const paragraphs = blocks.filter((b): b is string => typeof b === "string");
  return {
    id,
    url: `https://example.org/${id}`,
    status: "ok",
    title: "Pond care",
    wordCount: 0,
    headings,
    paragraphs,
    text: blocks.map((b) => (typeof b === "string" ? b : b.h)).join("\n"),
  };
};
const texts = (source: Source) => sourceSentences(source).map((s) => s.text);

describe("a passage that leans on missing context", () => {
  it("sees a pronoun subject after an opening phrase, a pointing preposition and an object pronoun", () => {
    for (const text of [
      "Poured into a pond and stirred, it clouds the water for several days afterwards.",
      "As the liner ages it cracks along every fold that the sun reaches.",
      "In shallow, sunny ponds this is a problem: algae bloom by early summer.",
      "Below that, a layer of sand protects the liner from sharp stones.",
      "Fill it again and time how long it takes the level to drop.",
      "For most ponds that means a pump of about two thousand litres an hour.",
      "A timer on the pump makes this nearly effortless.",
      "Owners who rent tend to prefer preformed ponds for this reason.",
      "Negotiating early paid off, since those calls took less than an hour.",
    ])
      expect(leansBack(text), text).toBe(true);
  });

  it("leaves a sentence whose pronoun the sentence itself resolves", () => {
    for (const text of [
      "If there is one secret to a clear garden pond, it is the balance of plants.",
      "In clay soil that stays wet, a liner is often not needed at all.",
      "Oxygenating plants feed the pond life that keeps the water clear.",
      "In a small pond it is easier to keep the water cool in summer.",
      "When koi get sick, they should be moved to a separate tank at once.",
      "Without shade, a small pond warms quickly and loses oxygen.",
      "Clean the filter this week, before the spring growth starts.",
      "Most ponds these days run on a small solar pump.",
    ])
      expect(leansBack(text), text).toBe(false);
  });

  it("quotes it with the sentence it leans on, the whole passage that one belongs to", () => {
    const list = texts(
      page([
        "Aim for at least two feet of depth in the deepest zone of the pond. Below that, fish overwinter safely in most climates. Then they need no heater.",
      ]),
    );
    expect(list).toEqual([
      "Aim for at least two feet of depth in the deepest zone of the pond.",
      "Aim for at least two feet of depth in the deepest zone of the pond. Below that, fish overwinter safely in most climates.",
      "Aim for at least two feet of depth in the deepest zone of the pond. Below that, fish overwinter safely in most climates. Then they need no heater.",
    ]);
  });

  it("never joins a sentence to one that was itself dropped for leaning on nothing", () => {
    const list = texts(
      page([
        "It is tempting: a fountain looks lovely in any garden pond. But fountains and lilies do not mix well in still water.",
      ]),
    );
    expect(list).toEqual([]);
  });

  it("never quotes a person's first-person voice as the article's statement", () => {
    const list = texts(
      page(["I have a pump that runs all year, that's my filter. A pump moves water but does not clean it."]),
    );
    expect(list).toEqual(["A pump moves water but does not clean it."]);
  });
});

describe("answers in the sources", () => {
  const faqPage = page([
    { h: "Pond basics" },
    "A garden pond needs sun for half the day and shade for the rest of it.",
    { h: "Do I need to drain the pond every year?" },
    "No. Remove fallen leaves each autumn and top up the water in summer. Drain it only after a serious disease outbreak.",
    { h: "Do ponds attract more wildlife than bird baths?" },
    "Per square metre, usually yes. Per hour of work, a bird bath often brings more birds to the garden.",
  ]);

  it("knows which heading each paragraph sits under", () => {
    expect(paragraphHeadings(faqPage).map((h) => h?.text)).toEqual([
      "Pond basics",
      "Do I need to drain the pond every year?",
      "Do ponds attract more wildlife than bird baths?",
    ]);
  });

  it("marks a paragraph that opens with a bare answer as an answer, the bare answer joined to what follows it", () => {
    const list = sourceSentences(faqPage);
    const tail = list.find((s) => s.text.includes("serious disease"));
    expect(tail?.answers).toBe(true);
    expect(tail?.under).toBe("Do I need to drain the pond every year?");
    expect(list.find((s) => s.text.startsWith("No. Remove fallen leaves"))?.answers).toBe(true);
    expect(list.find((s) => s.text.startsWith("Per square metre, usually yes. Per hour"))?.answers).toBe(true);
    expect(list.find((s) => s.text.startsWith("A garden pond needs sun"))?.answers).toBeUndefined();
  });
});
