import type { CallUsage } from "../article/model";
import { PermanentError } from "../errors";
import type { ModelCall, StructuredModel } from "./model";
import { repairPrompt } from "./prompts";

/**
 * Asks the model, checks the answer, and re-asks once with the problems listed. An answer that is still
 * unparseable or invalid fails the write as PermanentError("invalid_model_output").
 */
export async function askWithRepair<T>(
  model: StructuredModel,
  call: ModelCall<T>,
  check: (value: T) => string[],
  usage: CallUsage[],
): Promise<T> {
  const first = await model.generate(call);
  usage.push(first.usage);
  const firstProblems = first.ok ? check(first.value) : [first.problem];
  if (first.ok && firstProblems.length === 0) return first.value;

  const previous = first.ok ? JSON.stringify(first.value) : first.text;
  const second = await model.generate({
    ...call,
    purpose: `${call.purpose}:repair`,
    prompt: repairPrompt(call.prompt, firstProblems, previous),
  });
  usage.push(second.usage);
  const secondProblems = second.ok ? check(second.value) : [second.problem];
  if (second.ok && secondProblems.length === 0) return second.value;
  throw new PermanentError(
    "invalid_model_output",
    `The model's ${call.purpose} answer stayed invalid after one repair: ${secondProblems.join("; ")}`,
  );
}
