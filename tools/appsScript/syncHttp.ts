/**
 * Real, synchronous HTTP for the UrlFetchApp fake: the caller blocks in Atomics.wait while a worker thread does the
 * I/O, then reads the answer with receiveMessageOnPort. Because the calling thread is blocked, the server it talks
 * to must run in another thread or process (the e2e tests start the proxy in a child process).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { transformSync } from 'esbuild';

/** One request as handed to the worker. */
export interface WireRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  timeoutMs: number;
}

/** The worker's answer for one request. */
export type WireResult =
  { ok: true; status: number; rawHeaders: string[]; body: Uint8Array } | { ok: false; message: string };

/** A blocking HTTP client; `send` runs its batch concurrently and returns results in request order. */
export interface SyncHttp {
  send(batch: WireRequest[]): WireResult[];
  close(): Promise<void>;
}

/** UrlFetchApp's documented response cap (docs/reference-looker-studio.md#apps-script-limits). */
export const MAX_RESPONSE_BYTES = 50 * 1024 * 1024;

/** Starts the worker thread; call `close()` when done (it is unref'd, so a forgotten one does not hang jest). */
export function startSyncHttp(maxResponseBytes = MAX_RESPONSE_BYTES): SyncHttp {
  const source = fs.readFileSync(path.join(__dirname, 'httpWorker.ts'), 'utf8');
  const { code } = transformSync(source, { loader: 'ts', format: 'cjs', target: 'node20' });
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(code, {
    eval: true,
    workerData: { port: port2, flag, maxResponseBytes },
    transferList: [port2],
  });
  worker.unref();
  port1.unref();
  return {
    send(batch) {
      const waitMs = Math.max(...batch.map((r) => r.timeoutMs)) + 5000;
      Atomics.store(flag, 0, 0);
      port1.postMessage(batch);
      if (Atomics.wait(flag, 0, 0, waitMs) === 'timed-out') throw new Error('HTTP worker did not answer');
      const reply = receiveMessageOnPort(port1);
      if (!reply) throw new Error('HTTP worker woke without an answer');
      return reply.message as WireResult[];
    },
    async close() {
      port1.close();
      await worker.terminate();
    },
  };
}
