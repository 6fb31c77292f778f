// What the benchmarks and the fuzzer share to drive a running stack: one JSON call with a bearer key, and the
// keywords they make from the fixture pages' titles.

/** A JSON call to the API with a bearer token; an answer that is not 2xx throws with its status and body. */
export async function callApi(baseUrl, token, method, pathName, body) {
  const response = await fetch(`${baseUrl}${pathName}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${pathName}: ${response.status} ${await response.text()}`);
  return response.json();
}

/** Longer than this (by default), a title reads as a headline, not as something a person would ask to have written. */
const MAX_KEYWORD_WORDS = 10;

/**
 * A title as a keyword: lower case, without its subtitle and asides. A short label before the colon ("Case study:",
 * "Members only:") is not the subject, so the part after it is taken instead.
 */
function titleKeyword(title) {
  const [head = "", ...rest] = title.replace(/\(.*?\)/g, "").split(/[:?!]/);
  const tail = rest.join(" ").trim();
  const label = head.trim().split(/\s+/).length <= 2 && tail.split(/\s+/).length > 2;
  return (label ? tail : head).replace(/\s+/g, " ").trim().toLowerCase();
}

/**
 * Distinct keywords from the fixture pages' titles (see `titleKeyword`; titles longer than `maxWords` left out),
 * each title with each angle in turn (`""` for the title alone), in that order: the first `n`, or all of them
 * without `n`.
 */
export function fixtureKeywords(pages, angles, n = Number.POSITIVE_INFINITY, { maxWords = MAX_KEYWORD_WORDS } = {}) {
  const titles = [...new Set(pages.map((page) => titleKeyword(page.title)))].filter(
    (title) => title && title.split(" ").length <= maxWords,
  );
  const out = new Set();
  for (const angle of angles) {
    for (const title of titles) if (out.size < n) out.add(`${title} ${angle}`.replace(/\s+/g, " ").trim());
  }
  return [...out];
}
