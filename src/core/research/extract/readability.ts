import { Readability } from "@mozilla/readability";
import type { DomDocument, DomElement } from "./dom";

/** Mozilla Readability's main-content element for `doc`, or null when it finds none. Mutates `doc`. */
export function readabilityContent(doc: DomDocument): DomElement | null {
  const reader = new Readability<DomElement>(doc as never, {
    keepClasses: true,
    // Metadata is read before scripts are pruned; the content is all that is asked of Readability here.
    disableJSONLD: true,
    serializer: (node) => node as unknown as DomElement,
  });
  return reader.parse()?.content ?? null;
}
