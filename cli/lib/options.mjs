import { usageError } from "./errors.mjs";

/** parseArgs specs for the writing options that `generate` and `batch` share. */
export const WRITING_OPTIONS = {
  tone: { type: "string" },
  audience: { type: "string" },
  "content-type": { type: "string" },
  "target-words": { type: "string" },
  "no-faq": { type: "boolean" },
  "no-toc": { type: "boolean" },
  "no-conclusion": { type: "boolean" },
  focus: { type: "string" },
  language: { type: "string" },
  urls: { type: "string" },
  threshold: { type: "string" },
  "max-attempts": { type: "string" },
  "webhook-url": { type: "string" },
  fresh: { type: "boolean" },
};

const list = (value) =>
  value
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);

function number(name, value) {
  const parsed = Number(value);
  if (value.trim() === "" || !Number.isFinite(parsed)) throw usageError(`--${name} needs a number, got "${value}"`);
  return parsed;
}

/** Turns parsed flags into the request body fields; the server validates ranges and enums. */
export function requestFields(values) {
  const options = {};
  if (values.tone !== undefined) options.tone = values.tone;
  if (values.audience !== undefined) options.audience = values.audience;
  if (values["content-type"] !== undefined) options.contentType = values["content-type"];
  if (values["target-words"] !== undefined) options.targetWords = number("target-words", values["target-words"]);
  if (values["no-faq"]) options.includeFaq = false;
  if (values["no-toc"]) options.includeToc = false;
  if (values["no-conclusion"]) options.includeConclusion = false;
  if (values.focus !== undefined) options.focusKeywords = list(values.focus);
  if (values.language !== undefined) options.language = values.language;

  const fields = {};
  if (Object.keys(options).length) fields.options = options;
  if (values.urls !== undefined) fields.urls = list(values.urls);
  if (values.threshold !== undefined) fields.seoThreshold = number("threshold", values.threshold);
  if (values["max-attempts"] !== undefined) fields.maxAttempts = number("max-attempts", values["max-attempts"]);
  if (values["webhook-url"] !== undefined) fields.webhookUrl = values["webhook-url"];
  if (values.fresh) fields.fresh = true;
  return fields;
}
