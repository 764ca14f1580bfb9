/**
 * The slice of S3 the engine uses: path-style GetObject (`GET /<bucket>/<key>`, the SDK with forcePathStyle) of the
 * result files the double wrote, streamed from disk, with single `bytes=a-b` ranges. A missing object is a 404
 * `NoSuchKey` in S3's XML error format.
 */
import { createReadStream, promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { AwsFault } from './protocol';

export function createS3Api(options: { resultsDir: string }) {
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

  return { getObject };
}
