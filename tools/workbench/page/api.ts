/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Calls to the workbench's own API (relative URLs: the page lives under its token's path). The workbench signs
 * and forwards to the proxy; the page never holds a key.
 */
import type { QuerySpec } from '../../../protocol/contract';

export interface ProxyAnswer {
  status: number;
  body: unknown;
}

export interface QueryRun extends ProxyAnswer {
  sql: string[];
  sqlFromEarlierRun: boolean;
  costUsd?: { scanned: number; estimated?: number };
  elapsedMs: number;
  polls: number;
}

export interface DeclaredEventType {
  type: string;
  version: string;
  description: string;
  fields: { name: string; kind: string; required: boolean; description: string }[];
  example: Record<string, unknown>;
}

async function workbenchJson<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, { ...init, headers: { 'content-type': 'application/json' } });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(errorText({ status: response.status, body: json }));
  return json;
}

/** A signed call to one proxy route. */
export function callProxy(method: string, path: string, body?: unknown): Promise<ProxyAnswer> {
  return workbenchJson('api/call', { method: 'POST', body: JSON.stringify({ method, path, body }) });
}

export function runQuery(spec: QuerySpec): Promise<QueryRun> {
  return workbenchJson('api/query', { method: 'POST', body: JSON.stringify(spec) });
}

export function eventTypes(): Promise<DeclaredEventType[]> {
  return workbenchJson('api/event-types');
}

/** The proxy's error, as it said it: `HTTP 400 BAD_REQUEST: message`. */
export function errorText(answer: ProxyAnswer): string {
  const error = (answer.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  if (error) return `HTTP ${answer.status} ${error.code ?? ''}: ${error.message ?? ''}`;
  return `HTTP ${answer.status}: ${typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body)}`;
}
