import { createApp } from "./app";
import { handleQueueBatch } from "./queues";
import { runScheduled } from "./queues/sweeper";
import { withTracing } from "./tracing";

export { Guard } from "./durable/guard";

const app = createApp();

export default withTracing({
  fetch: app.fetch,
  queue: handleQueueBatch,
  scheduled: runScheduled,
}) satisfies ExportedHandler<Env>;
