/**
 * Serves the local STS endpoint at the server's root URL (where STS answers: `POST https://sts.amazonaws.com/`),
 * in front of the proxy API, so a client with its STS host mapped to this server cannot tell the difference.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { answerSts, readStsParams, stsErrorXml, type StsAnswer, type StsDeps, type StsError } from './aws';

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

function send(res: ServerResponse, answer: StsAnswer, close = false): void {
  res.writeHead(answer.status, {
    ...answer.headers,
    'content-length': String(Buffer.byteLength(answer.body)),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(answer.body);
}

/** An STS error answered before the call reaches STS proper (no request id: it never got one). */
function sendStsError(res: ServerResponse, error: StsError, close = false): void {
  send(
    res,
    { status: error.status, headers: { 'content-type': 'text/xml' }, body: stsErrorXml(error, 'local') },
    close,
  );
}

/** Root-URL requests go to STS; everything else to the API listener. */
export function withStsEndpoint(api: RequestListener, deps: StsDeps): RequestListener {
  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    if (path !== '/') return api(req, res);
    answerStsRequest(req, res, { rawQuery: q < 0 ? '' : url.slice(q + 1), deps }).catch(() => res.destroy());
  };
}

/** Reads one STS request (a small body, GET or POST, an Action) and answers it. */
async function answerStsRequest(
  req: IncomingMessage,
  res: ServerResponse,
  { rawQuery, deps }: { rawQuery: string; deps: StsDeps },
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const body = await readSmallBody(req);
  if (body === undefined) {
    return sendStsError(res, { status: 413, code: 'RequestEntityTooLarge', message: 'Request body too large.' }, true);
  }
  if (method !== 'POST' && method !== 'GET') {
    return sendStsError(res, {
      status: 405,
      code: 'InvalidAction',
      message: `Method ${method.slice(0, 10)} is not supported.`,
    });
  }
  const params = readStsParams(rawQuery, body, req.headers['content-type']);
  if (!params.has('Action'))
    return sendStsError(res, { status: 400, code: 'MissingAction', message: 'Missing Action' });
  send(res, await answerSts(params, deps));
}
