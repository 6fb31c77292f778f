// The reference extractor: Mozilla Readability on linkedom, scored on its plain textContent.
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";

export function extract(html) {
  const { document } = parseHTML(html);
  return new Readability(document).parse()?.textContent ?? "";
}
