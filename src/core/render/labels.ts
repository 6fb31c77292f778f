import { type WrittenLanguage, writtenLanguage } from "../article/language";
import type { ArticleSource } from "../article/model";

/** The fixed headings and labels the renderers add around an article, in the article's language. */
export interface Labels {
  toc: string;
  faq: string;
  conclusion: string;
  sources: string;
  /** Before a source's publication day and the day it was read, in the list of sources. */
  published: string;
  retrieved: string;
  /** The line under the title: reading time in minutes and length in words. */
  byline: (minutes: number, words: number) => string;
}

const LABELS = {
  en: {
    toc: "Contents",
    faq: "Frequently asked questions",
    conclusion: "Conclusion",
    sources: "Sources",
    published: "published",
    retrieved: "retrieved",
    byline: (m, w) => `${m} min read · ${w} words`,
  },
  fr: {
    toc: "Sommaire",
    faq: "Questions fréquentes",
    conclusion: "Conclusion",
    sources: "Sources",
    published: "publié le",
    retrieved: "consulté le",
    byline: (m, w) => `${m} min de lecture · ${w} mots`,
  },
  es: {
    toc: "Índice",
    faq: "Preguntas frecuentes",
    conclusion: "Conclusión",
    sources: "Fuentes",
    published: "publicado el",
    retrieved: "consultado el",
    byline: (m, w) => `${m} min de lectura · ${w} palabras`,
  },
  de: {
    toc: "Inhalt",
    faq: "Häufig gestellte Fragen",
    conclusion: "Fazit",
    sources: "Quellen",
    published: "veröffentlicht am",
    retrieved: "abgerufen am",
    byline: (m, w) => `${m} Min. Lesezeit · ${w} Wörter`,
  },
  pt: {
    toc: "Sumário",
    faq: "Perguntas frequentes",
    conclusion: "Conclusão",
    sources: "Fontes",
    published: "publicado em",
    retrieved: "acessado em",
    byline: (m, w) => `${m} min de leitura · ${w} palavras`,
  },
} satisfies Record<WrittenLanguage, Labels>;

/** The labels for an article language tag (`pt-BR` → Portuguese); English for a language without its own. */
export function labelsFor(language: string): Labels {
  return LABELS[writtenLanguage(language)];
}

/** A source's days for its line in the list of sources, each after its label: published (when known), then read. */
export function sourceDays(source: ArticleSource, labels: Labels): { label: string; day: string }[] {
  return [
    ...(source.publishedAt ? [{ label: labels.published, day: source.publishedAt }] : []),
    ...(source.retrievedAt ? [{ label: labels.retrieved, day: source.retrievedAt }] : []),
  ];
}
