// Types of extract-variants.mjs for the tests.
export const VARIANTS: Record<string, (html: string) => string>;
export function variant(name: string): (html: string) => string;
