import { CliError, EXIT, usageError } from "../errors.mjs";
import { requestFields, WRITING_OPTIONS } from "../options.mjs";
import { watchJob } from "../watch.mjs";

export const options = {
  ...WRITING_OPTIONS,
  "no-follow": { type: "boolean" },
  timeout: { type: "string" },
  json: { type: "boolean" },
};

export function formatScores(scores) {
  if (!scores) return "no scores";
  const r = Math.round;
  return `overall ${r(scores.overall)} · seo ${r(scores.seo)} · quality ${r(scores.quality)}`;
}

export async function generate({ client, values, positionals, out, err }) {
  const keyword = positionals.join(" ").trim();
  if (!keyword) throw usageError('generate needs a keyword: optiblog generate "raised bed vegetable garden"');
  const timeout = values.timeout === undefined ? 300 : Number(values.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw usageError(`--timeout needs seconds, got "${values.timeout}"`);

  const job = await client.json("POST", "/v1/articles", { keyword, ...requestFields(values) });
  if (values["no-follow"]) {
    out.write(`${job.id}\n`);
    return EXIT.ok;
  }
  err.write(`job ${job.id} started for "${keyword}"\n`);

  const { final } = await watchJob(client, job.id, { timeoutMs: timeout * 1000, stream: err });
  if (values.json) out.write(`${JSON.stringify(final, null, 2)}\n`);
  if (final.status !== "completed") {
    const reason = final.error ? `${final.error.code}: ${final.error.message}` : final.status;
    throw new CliError(`job ${job.id} failed — ${reason}`, EXIT.jobFailed);
  }
  if (!values.json) {
    out.write(`completed ${final.id}: "${final.article?.title ?? keyword}"\n`);
    out.write(
      `scores: ${formatScores(final.scores)}${final.passed ? " (passed)" : " (below threshold: best draft kept)"}\n`,
    );
    out.write(`get it: optiblog get ${final.id} --format md -o ${final.article?.slug ?? final.id}.md\n`);
  }
  return EXIT.ok;
}
