/**
 * Body of the worker thread behind the synchronous UrlFetchApp fake (see syncHttp.ts). It performs real HTTP with
 * node:http(s), all requests of one batch concurrently (like UrlFetchApp.fetchAll), then posts the results and wakes
 * the blocked caller through Atomics.notify. Compiled to CommonJS with esbuild at runtime, so it stays TypeScript.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { workerData, type MessagePort } from 'node:worker_threads';
import type { WireRequest, WireResult } from './syncHttp';

const { port, flag, maxResponseBytes } = workerData as {
  port: MessagePort;
  flag: Int32Array;
  maxResponseBytes: number;
};

port.on('message', (batch: WireRequest[]) => {
  void Promise.all(batch.map(sendRequest)).then((results) => {
    port.postMessage(results);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
  });
});

/** Sends one request; never rejects (transport problems become `{ ok: false }` like UrlFetchApp exceptions). */
function sendRequest(request: WireRequest): Promise<WireResult> {
  return new Promise((resolve) => {
    const client = request.url.startsWith('https:') ? https : http;
    const req = client.request(request.url, { method: request.method, headers: request.headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxResponseBytes) {
          res.destroy();
          resolve({ ok: false, message: `Response exceeds the maximum size of ${maxResponseBytes} bytes` });
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () =>
        resolve({ ok: true, status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }),
      );
      res.on('error', (err) => resolve({ ok: false, message: err.message }));
    });
    req.setTimeout(request.timeoutMs, () => req.destroy(new Error(`Timeout after ${request.timeoutMs} ms`)));
    req.on('error', (err) => resolve({ ok: false, message: err.message }));
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}
