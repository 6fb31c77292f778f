/** The text with its first letter raised ("compost basics" → "Compost basics"); the rest as it is. */
export function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

/** English title case: every word's first lower-case letter raised ("raised bed garden" → "Raised Bed Garden"). */
export function titleCase(text: string): string {
  return text.replace(/(^|\s)(\p{Ll})/gu, (_all, space: string, letter: string) => space + letter.toLocaleUpperCase());
}
