/**
 * Serves the local STS endpoint at the server's root URL (where STS answers: `POST https://sts.amazonaws.com/`),
 * in front of the proxy API, so a client with its STS host mapped to this server cannot tell the difference.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { answerSts, readStsParams, type StsDeps } from './aws';
import { stsErrorXml } from './aws';

/** STS requests are small form posts; a token is at most 20,000 characters. */
const MAX_STS_BODY_BYTES = 64 * 1024;

function readSmallBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_STS_BODY_BYTES) {
        req.pause();
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string, close = false): void {
  res.writeHead(status, {
    ...headers,
    'content-length': String(Buffer.byteLength(body)),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}

/** Root-URL requests go to STS; everything else to the API listener. */
export function withStsEndpoint(api: RequestListener, deps: StsDeps): RequestListener {
  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path !== '/') return api(req, res);
    const method = (req.method ?? 'GET').toUpperCase();
    readSmallBody(req)
      .then(async (body) => {
        const xml = { 'content-type': 'text/xml' };
        if (body === undefined) {
          return send(
            res,
            413,
            xml,
            stsErrorXml({ status: 413, code: 'RequestEntityTooLarge', message: 'Request body too large.' }, 'local'),
            true,
          );
        }
        if (method !== 'POST' && method !== 'GET') {
          return send(
            res,
            405,
            xml,
            stsErrorXml(
              { status: 405, code: 'InvalidAction', message: `Method ${method.slice(0, 10)} is not supported.` },
              'local',
            ),
          );
        }
        const params = readStsParams(q < 0 ? '' : url.slice(q + 1), body, req.headers['content-type']);
        if (!params.has('Action')) {
          return send(
            res,
            400,
            xml,
            stsErrorXml({ status: 400, code: 'MissingAction', message: 'Missing Action' }, 'local'),
          );
        }
        const answer = await answerSts(params, deps);
        send(res, answer.status, answer.headers, answer.body);
      })
      .catch(() => res.destroy());
  };
}
