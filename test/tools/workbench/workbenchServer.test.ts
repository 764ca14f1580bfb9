/** The workbench's server-side pieces on their own: the request guard, the SQL log and the event examples. */
import { EVENT_SCHEMAS, schemaLookup, validateEvent } from '../../../events/src';
import type { Engine } from '../../../proxy/src/port';
import { declaredEventTypes } from '../../../tools/workbench/server/eventExamples';
import { allowedHosts, checkRequest, newWorkbenchToken } from '../../../tools/workbench/server/guard';
import { relayProblem } from '../../../tools/workbench/server/relay';
import { createSqlLog, recordingEngine } from '../../../tools/workbench/server/sqlLog';

describe('the request guard', () => {
  const token = newWorkbenchToken();
  const hosts = allowedHosts('127.0.0.1', 4000);

  it('lets the token through and gives back the rest of the path', () => {
    expect(checkRequest({ host: '127.0.0.1:4000', path: `/${token}/` }, token, hosts)).toEqual({ ok: true, rest: '/' });
    expect(checkRequest({ host: 'LOCALHOST:4000', path: `/${token}/api/call?x=1` }, token, hosts)).toEqual({
      ok: true,
      rest: '/api/call',
    });
    expect(checkRequest({ host: '127.0.0.1:4000', path: `/${token}` }, token, hosts)).toEqual({ ok: true, rest: '/' });
  });

  it('refuses a missing, shortened, lengthened or foreign token', () => {
    for (const path of ['/', '/api/call', `/${token.slice(1)}/`, `/${token}x/`, `/${newWorkbenchToken()}/`])
      expect(checkRequest({ host: '127.0.0.1:4000', path }, token, hosts)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses any Host but its own address (DNS rebinding), before looking at the token', () => {
    for (const host of [undefined, 'evil.example:4000', '127.0.0.1:4001', '127.0.0.2:4000', '127.0.0.1'])
      expect(checkRequest({ host, path: `/${token}/` }, token, hosts)).toMatchObject({ ok: false, status: 421 });
  });

  it('makes a new token each time', () => {
    expect(newWorkbenchToken()).not.toBe(newWorkbenchToken());
    expect(newWorkbenchToken()).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('names IPv6 loopback hosts in brackets', () => {
    expect([...allowedHosts('::1', 80)]).toEqual(['[::1]:80', 'localhost:80']);
  });
});

describe('the relay', () => {
  it('calls only v1 routes with GET, POST or DELETE', () => {
    expect(relayProblem('GET', '/v1/catalog')).toBeUndefined();
    expect(relayProblem('PUT', '/v1/catalog')).toMatch(/method/);
    expect(relayProblem('GET', '/admin')).toMatch(/\/v1\//);
    expect(relayProblem('GET', 'http://elsewhere/v1/catalog')).toMatch(/\/v1\//);
    expect(relayProblem('GET', '/v1/catalog#x')).toMatch(/\/v1\//);
    expect(relayProblem(undefined, undefined)).toMatch(/method/);
  });
});

describe('the SQL log', () => {
  it('records what the engine is asked to run, and passes everything else through', async () => {
    const log = createSqlLog();
    const started: string[] = [];
    /** Its methods read `this`, as the real engines' do: the wrapper must keep them bound. */
    class FakeEngine {
      readonly name = 'fake';
      startQuery(sql: string): Promise<string> {
        started.push(sql);
        return Promise.resolve(`${this.name}-q1`);
      }
      listDatabases(): Promise<string[]> {
        return Promise.resolve([this.name]);
      }
    }
    const engine = new FakeEngine() as unknown as Engine;
    const recording = recordingEngine(engine, log);
    const mark = log.mark();
    await expect(recording.startQuery('SELECT 1', { callerId: 'c' })).resolves.toBe('fake-q1');
    await expect(recording.listDatabases()).resolves.toEqual(['fake']);
    expect(recording.name).toBe('fake');
    expect(started).toEqual(['SELECT 1']);
    expect(log.since(mark)).toEqual(['SELECT 1']);
    expect(log.since(log.mark())).toEqual([]);
  });

  it('keeps the latest 200 statements and still reads from a mark', () => {
    const log = createSqlLog();
    for (let i = 0; i < 250; i++) log.record(`S${i}`);
    const mark = log.mark();
    log.record('last');
    expect(log.since(mark)).toEqual(['last']);
    expect(log.since(0)).toHaveLength(200);
    expect(log.since(0)[0]).toBe('S51');
  });
});

describe('the event examples', () => {
  it('give every declared type an example the producer accepts', () => {
    const lookup = schemaLookup(EVENT_SCHEMAS);
    const types = declaredEventTypes();
    expect(types.map((t) => t.type)).toEqual(EVENT_SCHEMAS.map((s) => s.type));
    for (const type of types)
      expect([type.type, validateEvent(type.example, lookup)]).toMatchObject([type.type, { ok: true }]);
  });

  it('list each field with its kind and whether it is required', () => {
    const delivery = declaredEventTypes().find((t) => t.type === 'food-delivery');
    expect(delivery?.fields.find((f) => f.name === 'status')).toMatchObject({ kind: 'string', required: true });
  });
});
