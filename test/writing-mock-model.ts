import { APICallError } from "ai";
import { MockLanguageModelV4 } from "ai/test";
import { AiSdkStructuredModel } from "../src/adapters/writers/ai-sdk-model";
import type { ArticleOptions } from "../src/core/article/options";
import { LlmWriter } from "../src/core/writing/llm-writer";
import { compostSources, options } from "./writing-fixtures";

export type Reply = string | { text: string; finishReason: "stop" | "length" } | Error;
export interface Seen {
  purpose: string;
  system: string;
  prompt: string;
  maxOutputTokens?: number;
}

export const purposeOf = (prompt: string) =>
  prompt.startsWith("Plan an article")
    ? "outline"
    : prompt.startsWith("Revise this article")
      ? "revision"
      : prompt.includes("Write the body of the section")
        ? "section"
        : "framing";

export const OUTLINE = {
  title: "Composting at Home",
  metaDescription: "How composting works at home: greens and browns, moisture, heat and time, with the sources.",
  sections: [
    { heading: "How compost works", level: 2, keyPoints: ["microbes", "heat"] },
    { heading: "Greens and browns", level: 2, keyPoints: ["balance"] },
    { heading: "Fixing problems", level: 3, keyPoints: ["smell"] },
  ],
  faqQuestions: ["How long does compost take?"],
};
export const FRAMING = {
  intro: "Composting turns scraps into soil [1].",
  faq: [{ question: "How long does compost take?", answer: "Two to three months for a hot pile [2]." }],
  conclusion: {
    body: "Balance greens and browns and keep the pile moist [1][2].",
    callToAction: "Start a pile today.",
  },
};
export const section = (cite = "[2]") => JSON.stringify({ body: `Microbes heat the pile ${cite}.` });

/** The user prompt's text of a model call. */
export function promptOf(call: { prompt: readonly { role: string; content: unknown }[] }): string {
  const content = call.prompt.find((m) => m.role === "user")?.content;
  return Array.isArray(content)
    ? content.map((part) => (typeof part?.text === "string" ? part.text : "")).join("")
    : "";
}

/** A model's answer: `text`, with `input` and `output` tokens used. */
export function generated(text: string, input: number, output: number, finishReason: "stop" | "length" = "stop") {
  return {
    content: [{ type: "text" as const, text }],
    finishReason: { unified: finishReason, raw: undefined },
    usage: {
      inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: output, text: output, reasoning: undefined },
    },
    warnings: [],
  };
}

/** A mock model that answers by purpose from a script (a queue per purpose) and remembers every call. */
export function scripted(replies: Partial<Record<string, Reply[]>>, fallback: Record<string, Reply> = {}) {
  const seen: Seen[] = [];
  const defaults: Record<string, Reply> = {
    outline: JSON.stringify(OUTLINE),
    framing: JSON.stringify(FRAMING),
    section: section(),
    ...fallback,
  };
  const model = new MockLanguageModelV4({
    doGenerate: async (call) => {
      const system = call.prompt.find((m) => m.role === "system");
      const prompt = promptOf(call);
      const purpose = purposeOf(prompt);
      seen.push({
        purpose,
        system: typeof system?.content === "string" ? system.content : "",
        prompt,
        maxOutputTokens: call.maxOutputTokens,
      });
      const reply = replies[purpose]?.shift() ?? defaults[purpose] ?? "{}";
      if (reply instanceof Error) throw reply;
      const { text, finishReason } = typeof reply === "string" ? { text: reply, finishReason: "stop" as const } : reply;
      return generated(text, 1000, 200, finishReason);
    },
  });
  const structured = new AiSdkStructuredModel(
    [{ provider: "mock", model: "mock-large", weight: 1, maxConcurrency: 3, languageModel: () => model }],
    { prices: { "mock-large": { input: 0.5, output: 2 } }, maxRetries: 0 },
  );
  return { writer: new LlmWriter("llm:mock", structured), seen };
}

export const write = (writer: LlmWriter, o: Partial<ArticleOptions> = {}) =>
  writer.write({ keyword: "compost", options: options(o), sources: compostSources() });

/** A provider's HTTP error as the AI SDK raises it; 429 and 5xx are retryable, as the SDK marks them. */
export const apiError = (
  status: number,
  headers: Record<string, string> = {},
  body: { message?: string; responseBody?: string } = {},
) =>
  new APICallError({
    message: body.message ?? `status ${status}`,
    url: "https://llm.example/v1/chat/completions",
    requestBodyValues: {},
    statusCode: status,
    responseHeaders: headers,
    ...(body.responseBody === undefined ? {} : { responseBody: body.responseBody }),
    isRetryable: status === 429 || status >= 500,
  });
