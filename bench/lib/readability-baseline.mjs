// The reference extractor: Mozilla Readability on linkedom, scored on its plain textContent.
// A page it throws on counts as an empty prediction, as in the dataset's own scoring tool.
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";

export function extract(html) {
  try {
    const { document } = parseHTML(html);
    return new Readability(document).parse()?.textContent ?? "";
  } catch {
    return "";
  }
}
