/** POST /v1/events: validate events against their declarations and hand them to a sink (Firehose on AWS). */
export { firehoseIngestorFromEnv } from './firehoseIngestor';
export { createEventIngestor, type EventIngestor } from './ingestEvents';
