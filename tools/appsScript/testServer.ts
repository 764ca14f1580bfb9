/**
 * A tiny HTTP server in a CHILD PROCESS for harness tests: the synchronous UrlFetchApp fake blocks the test's
 * thread, so the server must live elsewhere. Routes: /echo (method, headers, body back as JSON), /status/<code>,
 * /bytes/<n> (n bytes), /barrier/<n> (answers only once n requests are waiting at the same time).
 */
import { spawn, type ChildProcess } from 'node:child_process';

const SERVER_SOURCE = `
const http = require('node:http');
const waiting = [];
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const [, route, arg] = req.url.split('/');
    if (route === 'echo') {
      res.setHeader('X-Custom-Header', 'kept-case');
      res.setHeader('Set-Cookie', ['a=1', 'b=2']);
      res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }));
    } else if (route === 'status') {
      res.statusCode = Number(arg);
      res.end('{"error":"status ' + arg + '"}');
    } else if (route === 'bytes') {
      res.end(Buffer.alloc(Number(arg), 97));
    } else if (route === 'barrier') {
      waiting.push(res);
      if (waiting.length >= Number(arg)) waiting.splice(0).forEach((r) => r.end('released'));
    } else {
      res.statusCode = 404;
      res.end('no route');
    }
  });
});
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));
`;

/** A running test server; `close()` kills its process. */
export interface TestServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the server process and resolves once it listens. */
export function startTestServer(): Promise<TestServer> {
  const child: ChildProcess = spawn(process.execPath, ['-e', SERVER_SOURCE], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (data: Buffer) => {
      const port = /listening (\d+)/.exec(data.toString())?.[1];
      if (!port) return reject(new Error(`unexpected server output: ${data.toString()}`));
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            child.once('exit', () => done());
            child.kill();
          }),
      });
    });
  });
}
