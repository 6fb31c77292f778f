import { type ArticleOptions, ArticleOptionsSchema } from "../src/core/article/options";
import type { Source } from "../src/core/research/types";

export const options = (overrides: Partial<ArticleOptions> = {}): ArticleOptions =>
  ArticleOptionsSchema.parse({ targetWords: 800, ...overrides });

/** Three retrieved sources on composting and one that failed to fetch (id 3: never citable). */
export function compostSources(): Source[] {
  const ok = (id: number, title: string, paragraphs: string[], headings: string[]): Source => ({
    id,
    url: `https://example.org/compost-${id}`,
    status: "ok",
    title,
    wordCount: paragraphs.join(" ").split(/\s+/).length,
    headings: headings.map((text) => ({ level: 2, text })),
    paragraphs,
    text: paragraphs.join("\n\n"),
  });
  return [
    ok(
      1,
      "Composting at home",
      [
        "Home composting turns kitchen scraps and garden waste into a dark, crumbly soil conditioner. A balanced compost pile needs both green materials rich in nitrogen and brown materials rich in carbon.",
        "What can you compost at home? Fruit and vegetable scraps, coffee grounds and dry leaves all break down well in a home compost bin. Meat and dairy attract pests and are best left out of a home pile.",
        "Turning the compost pile every week adds oxygen and speeds up decomposition considerably.",
      ],
      ["Getting started with compost", "What to compost"],
    ),
    ok(
      2,
      "The science of compost",
      [
        "Microorganisms break down organic matter in a compost pile and release heat as they work. A hot compost pile can reach 60 degrees Celsius, which kills most weed seeds and pathogens.",
        "Moisture matters for compost: the pile should feel like a wrung-out sponge. Too much water drives out air and makes the compost smell sour.",
        "How long does compost take? A well-managed hot pile can finish in two to three months, while a cold pile may take a year or more.",
      ],
      ["How compost works", "Moisture and air"],
    ),
    {
      id: 3,
      url: "https://example.org/compost-3",
      status: "failed",
      reason: "timeout",
      title: "",
      wordCount: 0,
      headings: [],
      paragraphs: [],
      text: "",
    },
    ok(
      4,
      "Compost troubleshooting",
      [
        "A compost pile that smells like ammonia has too much green material and needs more brown material such as straw or cardboard.",
        "Finished compost is dark, smells earthy and no longer shows the original materials. Gardeners mix finished compost into beds to improve soil structure and water retention.",
      ],
      ["Fixing a smelly compost pile", "Using finished compost"],
    ),
  ];
}
