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

/**
 * Distinct keywords from the fixture pages' titles (subtitles and asides cut), each title with each angle in turn
 * (`""` for the title alone), in that order: the first `n`, or all of them without `n`.
 */
export function fixtureKeywords(pages, angles, n = Number.POSITIVE_INFINITY) {
  const titles = pages.map((page) =>
    page.title
      .replace(/\(.*?\)|[:?!].*$/g, "")
      .trim()
      .toLowerCase(),
  );
  const out = new Set();
  for (const angle of angles) {
    for (const title of titles) if (out.size < n) out.add(`${title} ${angle}`.replace(/\s+/g, " ").trim());
  }
  return [...out];
}
