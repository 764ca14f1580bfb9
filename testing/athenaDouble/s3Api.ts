/**
 * The slice of S3 the engine uses: path-style GetObject (`GET /<bucket>/<key>`, the SDK with forcePathStyle) of the
 * result files the double wrote, streamed from disk, with single `bytes=a-b` ranges. A missing object is a 404
 * `NoSuchKey` in S3's XML error format.
 */
import { createReadStream, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { AwsFault } from './protocol';

/** A lake folder served as a bucket for ListObjectsV2 (day tiles list partitions through it). */
export interface LakeBucket {
  bucket: string;
  dir: string;
}

export function createS3Api(options: { resultsDir: string; lake?: LakeBucket }) {
  const root = path.resolve(options.resultsDir);

  async function getObject(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://double').pathname);
    const file = path.resolve(root, `.${pathname}`);
    const stat = file.startsWith(`${root}${path.sep}`) ? await fs.stat(file).catch(() => undefined) : undefined;
    if (req.method !== 'GET') throw new AwsFault('MethodNotAllowed', 'The double only serves GetObject.', 405);
    if (!stat?.isFile()) throw new AwsFault('NoSuchKey', 'The specified key does not exist.', 404);
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range && range[2] ? Math.min(Number(range[2]), stat.size - 1) : stat.size - 1;
    const headers = {
      'content-type': 'text/csv',
      'content-length': String(Math.max(0, end - start + 1)),
      etag: `"${stat.size}-${stat.mtimeMs}"`,
      'last-modified': stat.mtime.toUTCString(),
      'accept-ranges': 'bytes',
      ...(range ? { 'content-range': `bytes ${start}-${end}/${stat.size}` } : {}),
    };
    res.writeHead(range ? 206 : 200, headers);
    if (end < start) {
      res.end();
      return;
    }
    createReadStream(file, { start, end }).pipe(res);
  }

  /** Routes a request: the lake bucket's listing, else GetObject of a result file. */
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://double');
    const lake = options.lake;
    if (lake && url.pathname.replace(/\/$/, '') === `/${lake.bucket}` && url.searchParams.get('list-type') === '2') {
      return listObjects(req, res, lake);
    }
    return getObject(req, res);
  }

  return { getObject, handle };
}

/** ListObjectsV2 (`GET /<bucket>?list-type=2&prefix=…`) of the lake bucket: one page, keys in order. */
async function listObjects(req: IncomingMessage, res: ServerResponse, lake: LakeBucket): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://double');
  const prefix = url.searchParams.get('prefix') ?? '';
  const lakeRoot = path.resolve(lake.dir);
  // Only the folder the prefix names is walked (a day's prefix is one partition folder).
  const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
  const inside = path.resolve(lakeRoot, folder);
  const files =
    inside === lakeRoot || inside.startsWith(`${lakeRoot}${path.sep}`) ? await listFiles(lakeRoot, folder) : [];
  const contents = files
    .filter((file) => file.key.startsWith(prefix))
    .map(
      (file) =>
        `<Contents><Key>${escapeXml(file.key)}</Key><Size>${file.size}</Size>` +
        `<ETag>&quot;${file.size}-${file.mtimeMs}&quot;</ETag>` +
        `<LastModified>${new Date(file.mtimeMs).toISOString()}</LastModified></Contents>`,
    );
  const body =
    '<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
    `<Name>${escapeXml(lake.bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${contents.length}</KeyCount>` +
    `<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>${contents.join('')}</ListBucketResult>`;
  res.writeHead(200, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

async function listFiles(root: string, relative: string): Promise<{ key: string; size: number; mtimeMs: number }[]> {
  const entries = await fs.readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
  const files: { key: string; size: number; mtimeMs: number }[] = [];
  for (const entry of entries) {
    const key = relative === '' ? entry.name : `${relative}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(root, key)));
    else if (entry.isFile()) {
      const stat = await fs.stat(path.join(root, key));
      files.push({ key, size: stat.size, mtimeMs: stat.mtimeMs });
    }
  }
  return files.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
