import { env } from "cloudflare:workers";
import { APICallError } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { describe, expect, it } from "vitest";
import { DurableGuards } from "../src/adapters/guards/durable";
import { AiSdkStructuredModel } from "../src/adapters/writers/ai-sdk-model";
import { TransientError } from "../src/core/errors";
import type { SpendGate } from "../src/core/ports/spend";
import type { DraftPart, DraftParts } from "../src/core/ports/writer";
import { LlmWriter } from "../src/core/writing/llm-writer";
import { compostSources, options } from "./writing-fixtures";
import { FRAMING, generated, OUTLINE, promptOf, purposeOf } from "./writing-mock-model";

const FIVE = {
  ...OUTLINE,
  sections: ["One", "Two", "Three", "Four", "Five"].map((heading) => ({ heading, level: 2, keyPoints: [] })),
};

function memoryParts() {
  const kept: Record<string, DraftPart> = {};
  const parts: DraftParts = {
    load: async () => structuredClone(kept),
    save: async (part, finished) => {
      kept[part] = structuredClone(finished);
    },
    clear: async () => {
      for (const part of Object.keys(kept)) delete kept[part];
    },
  };
  return { parts, kept };
}

/** A provider that fails the section headed `failOn` while `failing.on` is set, and remembers every prompt. */
function flakyWriter(failing: { on: string | undefined }) {
  const asked: string[] = [];
  const model = new MockLanguageModelV4({
    doGenerate: async (call) => {
      const prompt = promptOf(call);
      const purpose = purposeOf(prompt);
      const heading = prompt.match(/Write the body of the section "([^"]+)"/)?.[1];
      asked.push(heading ? `section:${heading}` : purpose);
      if (failing.on && heading === failing.on) {
        throw new APICallError({
          message: "down",
          url: "u",
          requestBodyValues: {},
          statusCode: 503,
          isRetryable: true,
        });
      }
      const text =
        purpose === "outline"
          ? JSON.stringify(FIVE)
          : purpose === "framing"
            ? JSON.stringify(FRAMING)
            : JSON.stringify({ body: `About ${heading} [1].` });
      return generated(text, 100, 20);
    },
  });
  // Two at once: the frame alongside one section at a time, so the failure lands after sections One and Two.
  const structured = new AiSdkStructuredModel(
    [{ provider: "p", model: "m", weight: 1, maxConcurrency: 2, languageModel: () => model }],
    { prices: {}, maxRetries: 0, modes: new Map() },
  );
  return { writer: new LlmWriter("llm:p", structured), asked };
}

describe("resumable drafts", () => {
  it("resumes a write that failed after two of five sections, making only the missing calls", async () => {
    const failing = { on: "Three" as string | undefined };
    const { writer, asked } = flakyWriter(failing);
    const { parts, kept } = memoryParts();
    const req = { keyword: "compost", options: options(), sources: compostSources(), parts };

    const error = await writer.write(req).catch((e) => e);
    expect(error).toBeInstanceOf(TransientError);
    // The finished parts, and the calls of the part that failed (paid for all the same) under their own name.
    const names = Object.keys(kept).sort();
    expect(names.filter((name) => !name.startsWith("spent:"))).toEqual([
      "framing",
      "outline",
      "section:0",
      "section:1",
    ]);
    expect(names.filter((name) => name.startsWith("spent:section:2:"))).toHaveLength(1);

    failing.on = undefined;
    const before = asked.length;
    const counted: string[] = [];
    const budget: SpendGate = {
      admit: async () => ({ settle: async () => {} }),
      spent: (call) => counted.push(call.purpose),
    };
    const { article, usage } = await writer.write({ ...req, budget });
    expect(asked.slice(before).sort()).toEqual(["section:Five", "section:Four", "section:Three"]);
    expect(article.sections.map((s) => s.body)).toEqual(
      ["One", "Two", "Three", "Four", "Five"].map((h) => `About ${h} [1].`),
    );
    // Every call the draft took is in its usage: the kept parts', the failed try's and the new ones; the budget
    // counts every call paid for before this try.
    expect(usage.map((u) => u.purpose).sort()).toEqual([
      "framing",
      "outline",
      "section:0",
      "section:1",
      "section:2",
      "section:2",
      "section:3",
      "section:4",
    ]);
    expect(counted.sort()).toEqual(["framing", "outline", "section:0", "section:1", "section:2"]);
  });

  it("keeps parts in the draft's guard, one per part, readable by the next try", async () => {
    const draft = new DurableGuards(env.GUARD).draft("job_resume_test", 1, 2);
    expect(await draft.load()).toEqual({});
    const usage = [
      { provider: "p", model: "m", purpose: "outline", inputTokens: 1, outputTokens: 2, latencyMs: 3, costUsd: 0 },
    ];
    await draft.save("outline", { value: FIVE, usage });
    await draft.save("section:0", { value: { body: "x [1]." }, usage: [] });
    const again = await new DurableGuards(env.GUARD).draft("job_resume_test", 1, 2).load();
    expect(again.outline).toEqual({ value: FIVE, usage });
    expect(Object.keys(again).sort()).toEqual(["outline", "section:0"]);
    expect(await new DurableGuards(env.GUARD).draft("job_resume_test", 1, 3).load()).toEqual({});
  });
});
