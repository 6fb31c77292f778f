import { containsForm, contentStems, formPosition } from "../keyphrase";
import { TITLE_MAX_PX, textWidthPx } from "../pixel-width";
import { type CheckResult, result, type SeoContext } from "./result";

/** The keyphrase belongs in the title, ideally as its first words (function words before it are fine). */
export function titleKeyphrase({ doc, forms }: SeoContext): CheckResult {
  const id = "titleKeyphrase";
  if (!doc.title) return result(id, "problem", null, "Add a title that starts with the keyphrase.", 0);
  const stems = contentStems(doc.title);
  const positions = forms.map((form) => formPosition(stems, form)).filter((p) => p >= 0);
  if (positions.includes(0)) return result(id, "good", { position: 0 }, "The title starts with the keyphrase.");
  if (positions.length)
    return result(
      id,
      "improve",
      { position: Math.min(...positions) },
      "Move the keyphrase to the beginning of the title.",
      75,
    );
  if (forms.some((form) => containsForm(stems, form)))
    return result(
      id,
      "improve",
      { position: null, allWords: true },
      "The title has the keyphrase's words but not as a phrase; use the exact keyphrase at the start.",
      60,
    );
  return result(id, "problem", { position: null }, "Put the keyphrase in the title, near its start.");
}

export const TITLE_MIN_CHARS = 30;
export const TITLE_MAX_CHARS = 60;

/** 30–60 characters and at most ~600 px in the results page; longer titles get cut off. */
export function titleLength({ doc }: SeoContext): CheckResult {
  const id = "titleLength";
  const characters = [...doc.title].length;
  const pixels = textWidthPx(doc.title);
  const value = { characters, pixels };
  if (characters === 0) return result(id, "problem", value, "Add a title of 30–60 characters.", 0);
  if (characters > TITLE_MAX_CHARS || pixels > TITLE_MAX_PX)
    return result(
      id,
      "improve",
      value,
      `The title is ${characters} characters (~${pixels} px); shorten it to ${TITLE_MAX_CHARS} characters and ${TITLE_MAX_PX} px so it is not cut off.`,
    );
  if (characters < TITLE_MIN_CHARS)
    return result(
      id,
      "improve",
      value,
      `The title is only ${characters} characters; use ${TITLE_MIN_CHARS}–${TITLE_MAX_CHARS} to say more about the page.`,
    );
  return result(id, "good", value, `The title length is good (${characters} characters, ~${pixels} px).`);
}
