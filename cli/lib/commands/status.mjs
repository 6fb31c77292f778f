import { EXIT, usageError } from "../errors.mjs";
import { formatScores } from "./generate.mjs";

export const options = { json: { type: "boolean" } };

export async function status({ client, values, positionals, out }) {
  const [id] = positionals;
  if (!id || positionals.length > 1) throw usageError("status needs exactly one job id: optiblog status <id>");
  const job = await client.json("GET", `/v1/articles/${encodeURIComponent(id)}`);
  if (values.json) {
    out.write(`${JSON.stringify(job, null, 2)}\n`);
    return EXIT.ok;
  }
  const usable = job.sources?.filter((s) => s.status === "ok").length;
  const lines = [
    `id:       ${job.id}`,
    `keyword:  ${job.keyword}`,
    `status:   ${job.status} (stage ${job.stage})`,
    `attempts: ${job.attempts}`,
    `scores:   ${formatScores(job.scores)}${job.passed === true ? " (passed)" : job.passed === false ? " (below threshold)" : ""}`,
    ...(job.sources ? [`sources:  ${usable} usable of ${job.sources.length}`] : []),
    ...(job.error ? [`error:    ${job.error.code}: ${job.error.message}`] : []),
    `updated:  ${job.updatedAt}`,
  ];
  out.write(`${lines.join("\n")}\n`);
  return EXIT.ok;
}
