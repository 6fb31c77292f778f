import { createApp } from "./app";
import { handleQueueBatch } from "./queues";
import { runScheduled } from "./queues/sweeper";

export { Guard } from "./durable/guard";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: handleQueueBatch,
  scheduled: runScheduled,
} satisfies ExportedHandler<Env>;
