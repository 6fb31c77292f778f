import { normalizeWord, words } from "../text/tokens";

const UNITS: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
};
const TENS: Record<string, number> = {
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
const SCALE_WORD = "thousand|million|billion|trillion|dozen";

/** Whether a text may hold a number written as words: the word scan runs only where it does. */
const MAY_HOLD_NUMBER_WORDS =
  /\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|(?:thir|fif|eigh)teen|(?:four|six|seven|nine)teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|dozen|half)\b/i;

const DIGITS = new RegExp(
  `(?<![\\p{L}\\p{N}.,])(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)(?:[\\s\\u00a0]+(${SCALE_WORD})\\b)?`,
  "giu",
);

/** Whether a word is, or is a part of, a number written as words ("twenty-five", "dozen", "half"). */
export function isNumberWord(word: string): boolean {
  return word
    .split("-")
    .some(
      (part) =>
        part in UNITS || part in TENS || part in SCALES || part === "hundred" || part === "dozen" || part === "half",
    );
}

/** One number written as words from `at`: its value and where it ends, or undefined where none starts. */
function readNumber(parts: string[], at: number): { value: number; end: number; lone: boolean } | undefined {
  let total = 0;
  let current = 0;
  let seen = false;
  let i = at;
  for (; i < parts.length; i++) {
    const word = parts[i] as string;
    const low = current % 100;
    const unit = UNITS[word];
    const tens = TENS[word];
    const scale = SCALES[word];
    const article = !seen && (parts[i - 1] === "a" || parts[i - 1] === "an");
    if (unit !== undefined && (low === 0 || (low % 10 === 0 && unit > 0 && unit < 10))) current += unit;
    else if (tens !== undefined && low === 0) current += tens;
    else if (word === "hundred" && (article || (seen && current > 0 && current < 100)))
      current = (seen ? current : 1) * 100;
    else if (scale !== undefined && (article || (seen && current > 0))) {
      total += (seen ? current : 1) * scale;
      current = 0;
    } else if (word === "dozen") {
      current = (seen && current > 0 ? current : 1) * 12;
      seen = true;
      i++;
      break;
    } else if (word === "and" && seen && (total > 0 || current >= 100)) {
      const next = parts[i + 1] ?? "";
      if (!(next in UNITS || next in TENS)) break;
      continue;
    } else break;
    seen = true;
  }
  if (!seen) return undefined;
  let value = total + current;
  const lone = i === at + 1 && parts[at] === "one";
  if (parts[i] === "and" && parts[i + 1] === "a" && parts[i + 2] === "half") {
    value += 0.5;
    i += 3;
  }
  return { value, end: i, lone: lone && i === at + 1 };
}

/**
 * The numbers written as words in a list of lower-cased words: "twelve" 12, "twenty-five" and "twenty five" 25,
 * "two hundred and fifty" 250, "three thousand" 3000, "a dozen" 12, "two dozen" 24, "one and a half" 1.5, "half
 * a cup" 0.5. A lone "one" is a pronoun as often as a number ("one of the best"), and a lone "half" a share ("half
 * the beds") as often as 0.5: `loose` counts them too (1; 0.5 and 50), as a source's text is read, so a claim's
 * "1 cup" or "50%" is found in "one cup" or "half of them"; a claim's own lone "one" or "half" asks nothing.
 */
export function numberWords(list: string[], loose: boolean): number[] {
  const parts = list.flatMap((word) => (word.includes("-") ? word.split("-") : [word]));
  const out: number[] = [];
  let i = 0;
  while (i < parts.length) {
    const read = readNumber(parts, i);
    if (read) {
      if (!read.lone || loose) out.push(read.value);
      i = read.end;
      continue;
    }
    if (parts[i] === "half") {
      const previous = parts[i - 1];
      const following = parts[i + 1];
      if (previous === "a" || previous === "one" || following === "a" || following === "an") out.push(0.5);
      else if (loose) out.push(0.5, 50);
    }
    i++;
  }
  return out;
}

/**
 * The numbers a text states, normalised: thousands separators dropped ("1,200" → 1200), trailing zeros of
 * decimals dropped ("6.0" → 6), units and signs ignored ("$25", "24-inch", "30%" → 25, 24, 30), scale words
 * applied ("3 million" → 3000000, "2 dozen" → 24), and numbers written as words read (see `numberWords`; `loose`
 * as a source's text is read).
 */
export function numbersOf(text: string, loose = false): string[] {
  const out: string[] = [];
  const normal = text.normalize("NFKC");
  for (const match of normal.matchAll(DIGITS)) {
    const scale = match[2]?.toLowerCase();
    const value =
      Number((match[1] ?? "").replace(/,/g, "")) * (scale ? (scale === "dozen" ? 12 : (SCALES[scale] ?? 1)) : 1);
    if (Number.isFinite(value)) out.push(String(value));
  }
  if (MAY_HOLD_NUMBER_WORDS.test(normal))
    // Punctuation ends a number: "fifty, three thousand" is two.
    for (const part of normal.split(/[,;:!?()[\]]|\.(?!\d)/))
      if (MAY_HOLD_NUMBER_WORDS.test(part))
        for (const value of numberWords(words(part).map(normalizeWord), loose)) out.push(String(value));
  return out;
}
