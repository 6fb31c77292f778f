export interface EventStreamMessage {
  id?: string;
  event?: string;
  data: unknown;
}
export function readEventStream(body: AsyncIterable<Uint8Array>): AsyncGenerator<EventStreamMessage>;
