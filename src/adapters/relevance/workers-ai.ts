import { z } from "zod";
import type { EmbeddingPort } from "../../core/ports/embeddings";

/** What a Workers AI text-embedding model answers: `{ shape: [n, d], data: number[n][d] }`. */
const EmbeddingAnswer = z.object({ data: z.array(z.array(z.number()).min(1)).min(1) });

/** The Workers AI binding as this adapter uses it: one `run` call per batch of texts. */
export interface EmbeddingBinding {
  run(model: string, input: { text: string[] }): Promise<unknown>;
}

/** Embeddings from a Workers AI model (e.g. `@cf/baai/bge-small-en-v1.5`) through the `AI` binding. */
export class WorkersAiEmbeddings implements EmbeddingPort {
  readonly name: string;

  constructor(
    private readonly ai: EmbeddingBinding,
    private readonly model: string,
  ) {
    this.name = `workers-ai:${model}`;
  }

  async embed(texts: string[]): Promise<number[][]> {
    const answer = EmbeddingAnswer.safeParse(await this.ai.run(this.model, { text: texts }));
    if (!answer.success) throw new Error(`${this.name}: the answer is not a list of embedding vectors`);
    if (answer.data.data.length !== texts.length)
      throw new Error(`${this.name}: ${answer.data.data.length} vectors for ${texts.length} texts`);
    return answer.data.data;
  }
}
