/** Query lifecycle: the concurrency limit and queue, cancellation, stateless results, result expiry, close. */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import {
  EngineUnavailableError,
  InvalidRequestError,
  QueryCancelledError,
  UnknownQueryError,
} from '../../../../proxy/src/errors';
import { createDuckDbEngine, type DuckDbEngine } from '../../../../proxy/src/engines/duckdb';
import { makeTempDir, waitForEnd, waitForState, writeFile } from './helpers';

/** Runs for minutes unless interrupted: a 10^10-row cross product whose filter never matches. */
const ENDLESS = 'SELECT count(*) FROM range(100000) AS "a"("x"), range(100000) AS "b"("y") WHERE "x" + "y" < 0';
const caller = { callerId: 'test' };

let lake: string;

beforeAll(async () => {
  lake = await makeTempDir('lifecycle-lake');
  await writeFile(lake, 'events/dt=2024-01-01/a.json', '{"n":1}\n{"n":2}\n');
});

afterAll(async () => {
  await fs.rm(lake, { recursive: true, force: true });
});

describe('concurrency and cancellation', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await createDuckDbEngine({ lakeDir: lake, threads: 2, maxConcurrentQueries: 2 });
  });
  afterAll(() => engine.close());

  it('runs at most maxConcurrentQueries at once, queues the rest, and cancels running and queued queries', async () => {
    const [first, second, third] = [
      await engine.startQuery(ENDLESS, caller),
      await engine.startQuery(ENDLESS, caller),
      await engine.startQuery('SELECT sum("n") FROM "lake"."events"', caller),
    ];
    await waitForState(engine, first, 'RUNNING');
    await waitForState(engine, second, 'RUNNING');
    const queued = await engine.getQueryStatus(third);
    expect(queued).toMatchObject({ state: 'QUEUED', engineMs: 0 });
    await expect(engine.readResults(third, 0, 10)).rejects.toBeInstanceOf(InvalidRequestError);

    await engine.cancelQuery(first);
    expect((await engine.getQueryStatus(first)).state).toBe('CANCELLED');
    // The interrupted query frees its slot, so the queued one runs to the end.
    expect(await waitForEnd(engine, third)).toMatchObject({ state: 'SUCCEEDED' });
    expect((await engine.readResults(third, 0, 10)).rows).toEqual([['3']]);

    await engine.cancelQuery(second);
    expect(await waitForEnd(engine, second)).toMatchObject({ state: 'CANCELLED' });
    await expect(engine.readResults(first, 0, 10)).rejects.toBeInstanceOf(QueryCancelledError);
    // Cancelling a finished query changes nothing.
    await engine.cancelQuery(third);
    expect((await engine.getQueryStatus(third)).state).toBe('SUCCEEDED');
  });

  it('whenSettled wakes a waiter when a query ends or a queued one is cancelled, and at once for unknown ids', async () => {
    const blockers = [await engine.startQuery(ENDLESS, caller), await engine.startQuery(ENDLESS, caller)];
    const queued = await engine.startQuery('SELECT 1', caller);
    let settled = false;
    const waiting = engine.whenSettled(queued).then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(settled).toBe(false);
    await engine.cancelQuery(queued);
    await waiting;
    expect((await engine.getQueryStatus(queued)).state).toBe('CANCELLED');
    for (const id of blockers) await engine.cancelQuery(id);
    await Promise.all(blockers.map((id) => engine.whenSettled(id)));
    for (const id of blockers) expect((await engine.getQueryStatus(id)).state).toBe('CANCELLED');
    await expect(engine.whenSettled('unknown')).resolves.toBeUndefined();
  });

  it('cancels a query that is still waiting, so it never runs', async () => {
    const blockers = [await engine.startQuery(ENDLESS, caller), await engine.startQuery(ENDLESS, caller)];
    const waiting = await engine.startQuery('SELECT 1', caller);
    expect((await engine.getQueryStatus(waiting)).state).toBe('QUEUED');
    await engine.cancelQuery(waiting);
    for (const id of blockers) await engine.cancelQuery(id);
    for (const id of blockers) await waitForEnd(engine, id);
    const status = await engine.getQueryStatus(waiting);
    expect(status).toMatchObject({ state: 'CANCELLED', engineMs: 0 });
  });
});

describe('results as files', () => {
  it('another engine on the same results folder serves finished queries (stateless paging)', async () => {
    const resultsDir = await makeTempDir('shared-results');
    // Files only: an inline (small) result lives in its engine's memory and is not shared.
    const writer = await createDuckDbEngine({ lakeDir: lake, resultsDir, threads: 1, inlineResults: { maxRows: 0 } });
    const reader = await createDuckDbEngine({ lakeDir: lake, resultsDir, threads: 1 });
    try {
      const id = await writer.startQuery('SELECT "n", "dt" FROM "lake"."events"', caller);
      await waitForEnd(writer, id);
      expect(await reader.getQueryStatus(id)).toMatchObject({ queryId: id, state: 'SUCCEEDED' });
      expect(await reader.readResults(id, 1, 5)).toEqual(await writer.readResults(id, 1, 5));
      expect(await fs.readdir(resultsDir)).toEqual([`${id}.parquet`]);
      expect(writer.resultsDir).toBe(resultsDir);
    } finally {
      await writer.close();
      await reader.close();
    }
    // Results in a caller-chosen folder outlive the engine, like Athena's output location.
    expect(await fs.readdir(resultsDir)).toHaveLength(1);
    await fs.rm(resultsDir, { recursive: true, force: true });
  });

  it('keeps small results in memory (no file) and writes larger ones to a file', async () => {
    const resultsDir = await makeTempDir('inline-results');
    const engine = await createDuckDbEngine({ lakeDir: lake, resultsDir, threads: 1, inlineResults: { maxRows: 3 } });
    try {
      const small = await engine.startQuery('SELECT range AS n FROM range(3)', caller);
      const large = await engine.startQuery('SELECT range AS n FROM range(4)', caller);
      await waitForEnd(engine, small);
      await waitForEnd(engine, large);
      expect(await fs.readdir(resultsDir)).toEqual([`${large}.parquet`]);
      expect(await engine.readResults(small, 1, 5)).toEqual({ rows: [['1'], ['2']], totalRows: 3 });
      expect(await engine.readResults(large, 1, 5)).toEqual({ rows: [['1'], ['2'], ['3']], totalRows: 4 });
    } finally {
      await engine.close();
      await fs.rm(resultsDir, { recursive: true, force: true });
    }
  });

  it('refuses a page read larger than maxPageBytes with 400 instead of filling the heap', async () => {
    const engine = await createDuckDbEngine({
      lakeDir: lake,
      threads: 1,
      inlineResults: { maxRows: 0 },
      maxPageBytes: 200_000,
    });
    try {
      const id = await engine.startQuery("SELECT range AS n, repeat('x', 20) AS s FROM range(10000)", caller);
      await waitForEnd(engine, id);
      expect((await engine.readResults(id, 0, 100)).rows).toHaveLength(100);
      await expect(engine.readResults(id, 0, 10_000)).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining('fewer rows per page'),
      });
    } finally {
      await engine.close();
    }
  });

  it('deletes result files and forgets queries older than the TTL', async () => {
    let now = Date.now();
    const resultsDir = await makeTempDir('ttl-results');
    const engine = await createDuckDbEngine({
      lakeDir: lake,
      resultsDir,
      threads: 1,
      resultTtlMs: 60_000,
      now: () => now,
      inlineResults: { maxRows: 0 },
    });
    try {
      const old = await engine.startQuery('SELECT 1', caller);
      await waitForEnd(engine, old);
      now += 120_000;
      const fresh = await engine.startQuery('SELECT 2', caller);
      await waitForEnd(engine, fresh);
      // Pruning runs in the background: wait for the old result file to go.
      while ((await fs.readdir(resultsDir)).includes(`${old}.parquet`)) await new Promise((r) => setTimeout(r, 5));
      await expect(engine.getQueryStatus(old)).rejects.toBeInstanceOf(UnknownQueryError);
      await expect(engine.readResults(old, 0, 1)).rejects.toBeInstanceOf(UnknownQueryError);
      expect((await engine.readResults(fresh, 0, 1)).rows).toEqual([['2']]);
    } finally {
      await engine.close();
      await fs.rm(resultsDir, { recursive: true, force: true });
    }
  });

  it('close() cancels running work, removes its temporary results and refuses new queries', async () => {
    const engine = await createDuckDbEngine({ lakeDir: lake, threads: 1, inlineResults: { maxRows: 0 } });
    const done = await engine.startQuery('SELECT 1', caller);
    expect(await waitForEnd(engine, done)).toMatchObject({ state: 'SUCCEEDED' });
    expect(existsSync(path.join(engine.resultsDir, `${done}.parquet`))).toBe(true);
    const running = await engine.startQuery(ENDLESS, caller);
    await waitForState(engine, running, 'RUNNING');
    await engine.close();
    expect((await engine.getQueryStatus(running)).state).toBe('CANCELLED');
    await expect(engine.startQuery('SELECT 1', caller)).rejects.toBeInstanceOf(EngineUnavailableError);
    await expect(engine.readResults(done, 0, 1)).rejects.toBeInstanceOf(EngineUnavailableError);
    // The default results folder was temporary: it went, with the finished query's result file.
    expect(existsSync(path.join(engine.resultsDir, `${done}.parquet`))).toBe(false);
    expect(existsSync(engine.resultsDir)).toBe(false);
  });
});
