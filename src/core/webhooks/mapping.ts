import { resolvePointer } from "./pointer";

/** How an inbound hook turns a sender's payload into an article request. */
export interface HookMapping {
  keywordPointer: string;
  defaults: Record<string, unknown>;
}

export type MappedRequest = { ok: true; request: Record<string, unknown> } | { ok: false; detail: string };

const MAX_KEYWORD_LENGTH = 200;
/** With the u flag a surrogate pair is one code point, so this finds only a surrogate standing alone. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/** The keyword comes from the payload at the pointer; everything else from the hook's defaults. */
export function mapPayload(payload: unknown, mapping: HookMapping): MappedRequest {
  const found = resolvePointer(payload, mapping.keywordPointer);
  if (!found.found) {
    return { ok: false, detail: `The payload has no value at ${JSON.stringify(mapping.keywordPointer)}` };
  }
  // A lone surrogate (JSON can escape one; a sender that cut a title inside a pair does) is U+FFFD, as a byte that is
  // not UTF-8 is: kept, D1 would store it as other text than the event log records.
  const keyword = typeof found.value === "string" ? found.value.replace(LONE_SURROGATE, "\uFFFD").trim() : "";
  if (!keyword || keyword.length > MAX_KEYWORD_LENGTH) {
    return {
      ok: false,
      detail: `The value at ${JSON.stringify(mapping.keywordPointer)} must be a non-empty string of at most ${MAX_KEYWORD_LENGTH} characters`,
    };
  }
  return { ok: true, request: { ...mapping.defaults, keyword } };
}
