/**
 * Turns texts into embedding vectors, one per text, in order. Any failure (network, quota, a malformed answer)
 * is thrown: callers fall back to what they can compute without it.
 */
export interface EmbeddingPort {
  readonly name: string;
  embed(texts: string[]): Promise<number[][]>;
}
