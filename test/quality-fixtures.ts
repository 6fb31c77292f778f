import type { Article } from "../src/core/article/model";
import type { Source } from "../src/core/research/types";

export function source(id: number, text: string, status: Source["status"] = "ok"): Source {
  return {
    id,
    url: `https://example.org/${id}`,
    status,
    title: `Source ${id}`,
    wordCount: text.split(/\s+/).length,
    headings: [],
    paragraphs: text.split(/\n\n/),
    text,
  };
}

export function article(overrides: Partial<Article> = {}): Article {
  return {
    kind: "llm",
    title: "The Eiffel Tower: facts and history",
    metaDescription: "Facts about the Eiffel Tower.",
    slug: "eiffel-tower-facts",
    focusKeyphrase: "Eiffel Tower",
    language: "en",
    intro: "The Eiffel Tower is an iron landmark that stands in Paris [1].",
    sections: [{ heading: "History", level: 2, body: "The company of Gustave Eiffel planned and constructed it [1]." }],
    faq: [],
    citations: [],
    sources: [{ id: 1, url: "https://example.org/1", title: "Source 1" }],
    wordCount: 20,
    readingTimeMinutes: 1,
    ...overrides,
  };
}

export const EIFFEL =
  "The Eiffel Tower is a wrought-iron lattice tower on the Champ de Mars in Paris, France. It is named after the engineer Gustave Eiffel, whose company designed and built the tower from 1887 to 1889. The tower is 330 metres tall, about the same height as an 81-storey building. It was the tallest man-made structure in the world until the Chrysler Building in New York City was finished in 1930.";
