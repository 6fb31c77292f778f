/** What handles one batch of a queue: a stage's consumer, its dead-letter consumer or the deliveries'. */
export type QueueConsumer = (batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext) => Promise<void>;

/** The longest a queue message can be delayed: twelve hours. */
const MAX_DELAY_SECONDS = 43_200;

/**
 * A message that waits rather than fails comes back as a fresh copy, sent with the delay (at most twelve hours), and
 * is acknowledged, so waiting spends none of the queue's retries; if the copy cannot be sent, the message itself is
 * retried after the delay. True when the copy was sent.
 */
export async function sendBack(
  msg: Message<unknown>,
  send: (delaySeconds: number) => Promise<unknown>,
  delaySeconds: number,
  log: { warn(message: string, fields?: Record<string, unknown>): void },
): Promise<boolean> {
  const delay = Math.min(delaySeconds, MAX_DELAY_SECONDS);
  try {
    await send(delay);
    msg.ack();
    return true;
  } catch (error) {
    log.warn("could not send the message back; retrying it", { error: String(error) });
    msg.retry({ delaySeconds: delay });
    return false;
  }
}
