import { PermanentError } from "../errors";
import type { SpendGate } from "../ports/spend";
import { dropUncitableMarkers } from "./citation-repair";
import type { ModelAnswer, ModelCall, StructuredModel, UsageSink } from "./model";
import { repairPrompt } from "./prompts";

export interface RepairContext {
  record: UsageSink;
  /** Source ids a marker may point at. */
  citable: Set<number>;
  /** What was repaired without asking again (dropped citations), for the draft's findings. */
  repairs: string[];
  /** The job's budget, which admits every call. */
  budget?: SpendGate;
}

/**
 * Asks the model and checks the answer. Citations of sources that were not retrieved are dropped (noted in
 * `repairs`); an answer still wrong is re-asked once with the problems listed, and once more of another
 * provider. Only when all three stay invalid does the part fail as PermanentError("invalid_model_output").
 */
export async function askWithRepair<T>(
  model: StructuredModel,
  call: ModelCall<T>,
  check: (value: T) => string[],
  ctx: RepairContext,
): Promise<T> {
  const asked: string[] = [];
  const judge = (answer: ModelAnswer<T>): { value?: T; problems: string[]; text: string } => {
    asked.push(answer.provider);
    if (!answer.ok) return { problems: [answer.problem], text: answer.text };
    const { value, dropped } = dropUncitableMarkers(answer.value, ctx.citable);
    const problems = check(value);
    if (problems.length === 0 && dropped.length) {
      ctx.repairs.push(
        `${call.purpose}: removed citations of sources that were not retrieved (${dropped.map((id) => `[${id}]`).join(", ")})`,
      );
    }
    return { value, problems, text: JSON.stringify(answer.value) };
  };

  let verdict = judge(await model.generate(call, ctx.record, ctx.budget));
  if (verdict.problems.length === 0) return verdict.value as T;
  const retries = [
    { purpose: `${call.purpose}:repair`, avoid: undefined },
    { purpose: `${call.purpose}:fallback`, avoid: asked },
  ];
  for (const retry of retries) {
    verdict = judge(
      await model.generate(
        {
          ...call,
          purpose: retry.purpose,
          prompt: repairPrompt(call.prompt, verdict.problems, verdict.text),
          ...(retry.avoid ? { avoid: [...new Set(retry.avoid)] } : {}),
        },
        ctx.record,
        ctx.budget,
      ),
    );
    if (verdict.problems.length === 0) return verdict.value as T;
  }
  throw new PermanentError(
    "invalid_model_output",
    `No provider gave a valid ${call.purpose} answer after a repair and a second provider: ${verdict.problems.join("; ")}`,
  );
}
