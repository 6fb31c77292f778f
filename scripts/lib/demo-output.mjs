import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

const FORMATS = [
  { ext: "html", query: "html", accept: "text/html" },
  { ext: "md", query: "markdown", accept: "text/markdown" },
  { ext: "json", query: "json", accept: "application/json" },
];

/** Downloads the finished article in every format and writes `<dir>/<slug>.{html,md,json}`. */
export async function writeArticleFiles(client, job, dir) {
  await mkdir(dir, { recursive: true });
  const slug = (job.article?.slug ?? job.id).replace(/[^a-z0-9-]/gi, "-");
  const files = [];
  for (const format of FORMATS) {
    let body = await client.text(`/v1/articles/${encodeURIComponent(job.id)}?format=${format.query}`, format.accept);
    if (format.ext === "json") body = `${JSON.stringify(JSON.parse(body), null, 2)}\n`;
    const file = path.join(dir, `${slug}.${format.ext}`);
    await writeFile(file, body);
    files.push(file);
  }
  return files;
}
