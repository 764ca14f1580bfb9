/** The local proxy: a Node HTTP server on loopback standing in for API Gateway and STS (never in the Lambda). */
export { listenOnLoopback } from './listenOnLoopback';
export { type LocalServer, type LocalServerOptions, startLocalServer } from './localServer';
export { duckDbColumnsOf } from './duckDbColumns';
export { localLakeSink } from './localLakeSink';
