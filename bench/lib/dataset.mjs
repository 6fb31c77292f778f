// Reads an extraction dataset folder: ground-truth.json ({id: {url, dataset, articleBody}}) and html/<id>.html.gz.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";

const SUFFIX = ".html.gz";

export function datasetExists(dir) {
  return existsSync(join(dir, "ground-truth.json")) && existsSync(join(dir, "html"));
}

export function loadPages(dir) {
  const truth = JSON.parse(readFileSync(join(dir, "ground-truth.json"), "utf8"));
  const decoder = new TextDecoder("utf-8");
  return readdirSync(join(dir, "html"))
    .filter((file) => file.endsWith(SUFFIX))
    .sort()
    .map((file) => file.slice(0, -SUFFIX.length))
    .filter((id) => id in truth)
    .map((id) => {
      const bytes = gunzipSync(readFileSync(join(dir, "html", id + SUFFIX)));
      const entry = truth[id];
      return {
        id,
        dataset: entry.dataset ?? "",
        url: entry.url || "https://example.com/",
        truth: entry.articleBody ?? "",
        html: decoder.decode(bytes),
        bytes: bytes.length,
      };
    });
}
