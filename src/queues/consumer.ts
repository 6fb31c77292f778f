/** What handles one batch of a queue: a stage's consumer, its dead-letter consumer or the deliveries'. */
export type QueueConsumer = (batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) => Promise<void>;
