/**
 * What the double reports when DuckDB could not read a lake file: the reason Athena (engine v3, Trino's Hive
 * connector) gives for that kind of file, naming the object as `s3://<lake bucket>/<table>/<file>`
 * (docs/athena.md#data-errors lists the formats and their sources). The wording follows Trino's; byte counts and
 * offsets are the file's own.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EngineFailure } from '../../proxy/src/port';

/** Where the lake is: its bucket name, and its folder when the double serves one (for file sizes and tails). */
export interface LakeOrigin {
  bucket: string;
  dir?: string;
}

/** AthenaError of a data failure: not the query's fault, not retryable (the file stays broken). */
export const DATA_ERROR_CATEGORY = { ErrorCategory: 3, ErrorType: 100, Retryable: false } as const;

/** The file's size, its last four bytes and where its footer says the metadata starts (Parquet's layout). */
async function fileFacts(lake: LakeOrigin, key: string) {
  const bytes = lake.dir ? await fs.readFile(path.join(lake.dir, ...key.split('/'))).catch(() => undefined) : undefined;
  if (!bytes) return undefined;
  const tail = bytes.subarray(Math.max(0, bytes.length - 4)).toString('latin1');
  const metadataIndex = bytes.length >= 8 ? bytes.length - 8 - bytes.readInt32LE(bytes.length - 8) : 0;
  return { size: bytes.length, tail, metadataIndex };
}

/** Athena's reason for DuckDB's data failure `error` (kind DATA). */
export async function athenaDataReason(error: EngineFailure, lake: LakeOrigin): Promise<string> {
  const { table, file } = error.data ?? {};
  const reason = error.message;
  // OpenX JSON SerDe's own text names no file (docs/athena.md#data-errors).
  if (/Malformed JSON|JSON transform/.test(reason) || !table || !file)
    return `HIVE_CURSOR_ERROR: Row is not a valid JSON Object - JSONException: ${reason}`;
  const key = `${table}/${file}`;
  const uri = `s3://${lake.bucket}/${key}`;
  const facts = await fileFacts(lake, key);
  if (/too small to be a Parquet file/.test(reason))
    return `HIVE_BAD_DATA: Malformed Parquet file. ${uri} is not a valid Parquet File [${uri}]`;
  if (/No magic bytes found/.test(reason))
    return `HIVE_BAD_DATA: Malformed Parquet file. Expected magic number: PAR1 got: ${facts?.tail ?? ''} [${uri}]`;
  if (/Footer length error/.test(reason))
    return `HIVE_BAD_DATA: Malformed Parquet file. Metadata index: ${facts?.metadataIndex ?? 0} out of range [${uri}]`;
  if (/TProtocolException|don't know what type/.test(reason) || file.toLowerCase().endsWith('.parquet'))
    return `HIVE_CURSOR_ERROR: Failed to read Parquet file: ${uri}`;
  return `HIVE_CANNOT_OPEN_SPLIT: Error opening Hive split ${uri} (offset=0, length=${facts?.size ?? 0}): ${reason}`;
}
