/** What every sink does: store the accepted events of one `track` call (events/src/track.ts). */
import type { StampedEvent } from './layout';

export interface EventSink {
  /** Stores the events; resolves once they are durable (or rejects, and the caller reports the batch failed). */
  write(events: readonly StampedEvent[]): Promise<void>;
}
