import type { ResearchReport, Source } from "../src/core/research/types";

/** Three home-composting pages, paragraph by paragraph: the research every job test starts from. */
export const PAGES = [
  [
    "Home composting turns kitchen scraps and garden waste into a dark, crumbly soil conditioner. A balanced compost pile needs green materials rich in nitrogen and brown materials rich in carbon.",
    "Fruit and vegetable scraps, coffee grounds and dry leaves all break down well in a home compost bin. Meat and dairy attract pests and are best left out of the pile.",
    "Turning the pile every week adds oxygen and speeds up decomposition considerably. Without air, the heap turns slimy and starts to smell.",
    "Finished compost looks like forest soil and usually takes three to six months to mature in a warm climate.",
  ],
  [
    "A closed plastic tumbler keeps rodents away and makes turning easy for people with small gardens. Open wooden bins hold more material and suit larger plots.",
    "Moisture matters: a healthy heap feels like a wrung-out sponge. Add water in dry weather and dry cardboard when it gets soggy.",
    "Chopping scraps into small pieces gives microbes more surface area, so composting at home goes much faster.",
    "Worm bins, also called vermicomposting, work indoors and produce rich castings for house plants.",
  ],
  [
    "Gardeners spread finished compost on vegetable beds in spring to feed the soil before planting. A layer of five centimetres is plenty for most crops.",
    "Hot composting reaches temperatures that kill weed seeds, while cold composting needs less work but more patience.",
    "Leaves collected in autumn are a free source of brown material that many households simply throw away.",
    "Municipal programmes sometimes hand out free bins to encourage home composting and reduce landfill waste.",
  ],
];

/** More paragraphs for the HTML pages, so each passes the research validity rules (300 words and up). */
export const MORE = [
  "Eggshells add calcium to the finished compost, although they take longer to break down than soft scraps. Crush them first so they disappear faster.",
  "Shredded newspaper and plain cardboard count as brown material and balance a bin that receives a lot of grass clippings in summer.",
  "A thermometer pushed into the centre of the heap shows whether it is working: a reading above fifty degrees means the microbes are busy.",
  "Many gardeners keep two bins side by side, filling one while the other matures, so there is always finished compost ready for planting.",
];

function source(id: number): Source {
  const paragraphs = PAGES[id - 1] ?? [];
  const text = paragraphs.join("\n\n");
  return {
    id,
    url: `https://garden${id}.example/composting`,
    status: "ok",
    title: `Home composting guide ${id}`,
    wordCount: text.split(/\s+/).length,
    headings: [{ level: 2, text: "How to start composting at home" }],
    paragraphs,
    text,
  };
}

export function fixtureReport(keyword: string, ok = true): ResearchReport {
  const sources = ok
    ? [source(1), source(2), source(3)]
    : [{ ...source(1), status: "failed" as const, reason: "http_4xx" as const, paragraphs: [], text: "" }];
  return {
    keyword,
    sources,
    competitors: {
      pages: sources.length,
      wordCount: { min: 300, max: 400, mean: 350, median: 350, p25: 320, p75: 380 },
      commonHeadings: [],
      subtopics: [],
      questions: [],
      keyTerms: [],
      entities: [],
    },
    timings: { search: 1 },
  };
}
