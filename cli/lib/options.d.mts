/** The request body fields the writing flags (`--tone`, `--fresh`, …) stand for; the server validates them. */
export function requestFields(values: Record<string, string | boolean | undefined>): Record<string, unknown>;

export const WRITING_OPTIONS: Record<string, { type: "string" | "boolean" }>;
