/**
 * Imported first by the local server's entry point. Each running DuckDB query occupies one libuv worker thread for
 * its whole run; with Node's default of 4 workers and 4 concurrent queries, file reads (result pages, catalog)
 * would wait for a query to finish. libuv reads this variable when the pool is first used, so it must be set
 * before any asynchronous I/O.
 */
process.env.UV_THREADPOOL_SIZE ??= '12';
