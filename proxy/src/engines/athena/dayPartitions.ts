/**
 * Day tiles' listing on S3 (docs/tiles.md#partition-fingerprints): ListObjectsV2 under each partition day's
 * prefix, as the table's partition projection places it (`storage.location.template`, or Athena's default
 * `<location>/<key>=<value>/`). Only projected tables take part: partitions registered in Glue one by one may
 * live anywhere, and a listing that missed one would let a stale tile be served.
 */
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { DayPartitionLayout, PartitionObject, TableDescription } from '../../port';
import { retryThrottled, toEngineError, type RetryPolicy } from './awsErrors';

/** Listings at once: 90 days of prefixes in a few round trips, without a burst S3 would slow down. */
const CONCURRENT_LISTINGS = 8;

/** `s3://bucket/prefix/` of partition day `day`, or undefined when the table's layout is not known. */
export function dayPrefixOf(table: TableDescription, layout: DayPartitionLayout, day: string): string | undefined {
  const props = table.properties;
  if (props['projection.enabled']?.toLowerCase() !== 'true' || layout.kind !== 'day') return undefined;
  const template = props['storage.location.template'];
  const placeholder = `\${${layout.key}}`;
  if (template !== undefined) {
    return template.includes(placeholder) ? withSlash(template.split(placeholder).join(day)) : undefined;
  }
  return table.location ? `${withSlash(table.location)}${layout.key}=${day}/` : undefined;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function splitS3Url(url: string): { bucket: string; prefix: string } | undefined {
  const match = /^s3a?:\/\/([^/]+)\/(.*)$/.exec(url);
  return match ? { bucket: match[1], prefix: match[2] } : undefined;
}

/** Athena skips objects whose name starts with `_` or `.`, and "folder" markers. */
function isDataKey(key: string): boolean {
  const name = key.slice(key.lastIndexOf('/') + 1);
  return name !== '' && !name.startsWith('_') && !name.startsWith('.');
}

async function listPrefix(s3: S3Client, url: string, retry: RetryPolicy): Promise<PartitionObject[]> {
  const place = splitS3Url(url);
  if (!place) throw new Error('not an s3 URL');
  const objects: PartitionObject[] = [];
  let token: string | undefined;
  do {
    const input = { Bucket: place.bucket, Prefix: place.prefix, ContinuationToken: token };
    const page = await retryThrottled(() => s3.send(new ListObjectsV2Command(input)), retry);
    for (const item of page.Contents ?? []) {
      if (item.Key && isDataKey(item.Key))
        objects.push({ key: item.Key, bytes: item.Size ?? 0, version: item.ETag ?? String(item.LastModified) });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Lists every day's prefix; undefined when the table's storage does not resolve to days. */
export async function listS3Days(
  s3: S3Client,
  retry: RetryPolicy,
  request: { table: TableDescription; layout: DayPartitionLayout; days: readonly string[] },
): Promise<ReadonlyMap<string, readonly PartitionObject[]> | undefined> {
  const prefixes = request.days.map((day) => dayPrefixOf(request.table, request.layout, day));
  if (prefixes.some((prefix) => prefix === undefined || !splitS3Url(prefix))) return undefined;
  const listing = new Map<string, PartitionObject[]>();
  try {
    for (let start = 0; start < prefixes.length; start += CONCURRENT_LISTINGS) {
      const batch = prefixes.slice(start, start + CONCURRENT_LISTINGS);
      const lists = await Promise.all(batch.map((prefix) => listPrefix(s3, prefix!, retry)));
      lists.forEach((objects, i) => listing.set(request.days[start + i], objects));
    }
  } catch (err) {
    throw toEngineError(err, 'list the partitions of the date range');
  }
  return listing;
}
