/** Why a source is not used: every rejection is one of these, reported per source. */
export const REJECTION_REASONS = [
  "ssrf_blocked",
  "blocked_by_robots",
  "ai_use_declined",
  "too_large",
  "not_html",
  "timeout",
  "http_4xx",
  "http_5xx",
  "too_many_redirects",
  "network_error",
  "invalid_url",
  "excluded",
  "too_few_words",
  "too_few_paragraphs",
  "no_title",
  "extraction_failed",
  "off_topic",
  "duplicate",
] as const;

export type RejectionReason = (typeof REJECTION_REASONS)[number];
