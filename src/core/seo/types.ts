/** What the SEO analysis reads and what it reports. */
export interface SeoCheck {
  id: string;
  score: number;
  status: "good" | "improve" | "problem";
  value: unknown;
  message: string;
  weight: number;
}
export interface SeoReport {
  score: number;
  grade: "A" | "B" | "C" | "D" | "F";
  checks: SeoCheck[];
}
export interface SeoInput {
  content: string;
  format: "html" | "markdown";
  keyphrase: string;
  synonyms?: string[];
  title?: string;
  metaDescription?: string;
  slug?: string;
  targetWords?: number;
  language?: string;
  /** The page's address: links to its host are internal, and its last path segment is the slug if none is given. */
  url?: string;
}
