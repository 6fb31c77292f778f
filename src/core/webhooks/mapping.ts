import { resolvePointer } from "./pointer";

/** How an inbound hook turns a sender's payload into an article request. */
export interface HookMapping {
  keywordPointer: string;
  defaults: Record<string, unknown>;
}

export type MappedRequest = { ok: true; request: Record<string, unknown> } | { ok: false; detail: string };

const MAX_KEYWORD_LENGTH = 200;

/** The keyword comes from the payload at the pointer; everything else from the hook's defaults. */
export function mapPayload(payload: unknown, mapping: HookMapping): MappedRequest {
  const found = resolvePointer(payload, mapping.keywordPointer);
  if (!found.found) {
    return { ok: false, detail: `The payload has no value at ${JSON.stringify(mapping.keywordPointer)}` };
  }
  const keyword = typeof found.value === "string" ? found.value.trim() : "";
  if (!keyword || keyword.length > MAX_KEYWORD_LENGTH) {
    return {
      ok: false,
      detail: `The value at ${JSON.stringify(mapping.keywordPointer)} must be a non-empty string of at most ${MAX_KEYWORD_LENGTH} characters`,
    };
  }
  return { ok: true, request: { ...mapping.defaults, keyword } };
}
