/**
 * The SQL the engine ran: every engine the launcher builds is wrapped so that each `startQuery` statement is
 * recorded, in order, before it reaches the engine. The proxy's answer does not carry SQL (a report viewer never
 * needs it); the workbench, which runs in the same process, reads it from here.
 */
import type { Engine, EngineRegistration } from '../../../proxy/src/port';

/** How many statements are kept (the workbench shows the latest run's). */
const KEPT = 200;

export interface SqlLog {
  /** A position to read from later. */
  mark(): number;
  /** The statements recorded since `mark`, oldest first. */
  since(mark: number): string[];
  record(sql: string): void;
}

export function createSqlLog(): SqlLog {
  const statements: string[] = [];
  let dropped = 0;
  return {
    mark: () => dropped + statements.length,
    since: (mark) => statements.slice(Math.max(0, mark - dropped)),
    record(sql) {
      statements.push(sql);
      if (statements.length > KEPT) {
        statements.shift();
        dropped += 1;
      }
    },
  };
}

/** The engine with `startQuery` recording its SQL first; every other member is the engine's own. */
export function recordingEngine(engine: Engine, log: SqlLog): Engine {
  return new Proxy(engine, {
    get(target, property) {
      if (property === 'startQuery')
        return (sql: string, options: Parameters<Engine['startQuery']>[1]) => {
          log.record(sql);
          return target.startQuery(sql, options);
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The registrations, each building a recording engine. */
export function recordingRegistrations(
  registrations: readonly EngineRegistration[],
  log: SqlLog,
): EngineRegistration[] {
  return registrations.map((registration) => ({
    ...registration,
    build: async (context) => recordingEngine(await registration.build(context), log),
  }));
}
