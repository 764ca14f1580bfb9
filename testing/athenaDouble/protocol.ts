/**
 * The wire protocols the real SDK clients speak to the double: AWS JSON 1.1 for Athena and Glue (POST /, operation in
 * `X-Amz-Target: AmazonAthena.<Op>` / `AWSGlue.<Op>`, errors as `{"__type": code, "message": …}` with HTTP 4xx/5xx),
 * and S3's REST-XML error body. Smithy's JSON protocol reads the error code from `__type` and copies the other body
 * members onto the error object, which is how `TooManyRequestsException.Reason` reaches our code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** A service error the double answers with. */
export class AwsFault extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly members: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export function sendJsonFault(res: ServerResponse, fault: AwsFault): void {
  res.setHeader('x-amzn-errortype', fault.code);
  sendJson(res, fault.status, { __type: fault.code, message: fault.message, ...fault.members });
}

export function sendXmlFault(res: ServerResponse, fault: AwsFault): void {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${fault.code}</Code><Message>${escape(fault.message)}</Message></Error>`;
  res.writeHead(fault.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** AWS JSON timestamps are epoch seconds. */
export function epochSeconds(ms: number): number {
  return ms / 1000;
}
