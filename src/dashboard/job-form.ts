import { ArticleOptionsSchema } from "../core/article/options";
import type { ApiProblem } from "./api-types";
import { humanMessage } from "./field-messages";

/** The new-article form: every request option, as the browser posts it and as the API expects it. */
export const CHOICES = {
  tone: ArticleOptionsSchema.shape.tone.unwrap().options,
  audience: ArticleOptionsSchema.shape.audience.unwrap().options,
  contentType: ArticleOptionsSchema.shape.contentType.unwrap().options,
};

export const TOGGLES = ["includeFaq", "includeToc", "includeConclusion"] as const;
const OPTION_FIELDS = new Set([
  "tone",
  "audience",
  "contentType",
  "targetWords",
  "focusKeywords",
  "language",
  ...TOGGLES,
]);

export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string[]>;

export const DEFAULT_VALUES: FormValues = {
  keyword: "",
  tone: "professional",
  audience: "general",
  contentType: "guide",
  targetWords: "1500",
  includeFaq: "on",
  includeToc: "on",
  includeConclusion: "on",
  focusKeywords: "",
  language: "en",
  seoThreshold: "75",
  maxAttempts: "3",
  urls: "",
  excludeDomains: "",
};

const TEXT_FIELDS = Object.keys(DEFAULT_VALUES).filter((name) => !(TOGGLES as readonly string[]).includes(name));

export function valuesFromForm(form: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const name of TEXT_FIELDS) values[name] = typeof form[name] === "string" ? (form[name] as string).trim() : "";
  for (const name of TOGGLES) values[name] = form[name] === "on" ? "on" : "";
  return values;
}

const list = (value: string | undefined, separator: RegExp) =>
  (value ?? "")
    .split(separator)
    .map((part) => part.trim())
    .filter(Boolean);

/** A number where the field holds one; otherwise the text itself, so the API names the problem. */
const numberOrText = (value: string) => (/^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value);

/** Empty optional fields are left out so the API's own defaults apply. */
export function requestFromValues(values: FormValues): Record<string, unknown> {
  const options: Record<string, unknown> = {
    tone: values.tone,
    audience: values.audience,
    contentType: values.contentType,
    includeFaq: values.includeFaq === "on",
    includeToc: values.includeToc === "on",
    includeConclusion: values.includeConclusion === "on",
  };
  if (values.targetWords) options.targetWords = numberOrText(values.targetWords);
  if (values.language) options.language = values.language;
  const focusKeywords = list(values.focusKeywords, /[,\n]/);
  if (focusKeywords.length) options.focusKeywords = focusKeywords;

  const request: Record<string, unknown> = { keyword: values.keyword, options };
  if (values.seoThreshold) request.seoThreshold = numberOrText(values.seoThreshold);
  if (values.maxAttempts) request.maxAttempts = numberOrText(values.maxAttempts);
  const urls = list(values.urls, /\s+/);
  if (urls.length) request.urls = urls;
  const excludeDomains = list(values.excludeDomains, /[\s,]+/);
  if (excludeDomains.length) request.excludeDomains = excludeDomains;
  return request;
}

/** Which form field an API error path (`options.tone`, `urls.2`, `keyword`) belongs to; `""` for the form. */
export function fieldOf(path: string): string {
  const [first = "", second = ""] = path.split(".");
  if (first === "options" && OPTION_FIELDS.has(second)) return second;
  return first in DEFAULT_VALUES ? first : "";
}

/** Each field's errors in words a person understands; errors the form has no field for keep the API's words. */
export function fieldErrors(problem: ApiProblem): FieldErrors {
  const errors: FieldErrors = {};
  for (const error of problem.errors ?? []) {
    const field = fieldOf(error.path);
    const message =
      humanMessage(field, error.path, error.code) ??
      (field || error.path === "(body)" ? error.message : `${error.path}: ${error.message}`);
    const known = errors[field] ?? [];
    errors[field] = known.includes(message) ? known : [...known, message];
  }
  return errors;
}
