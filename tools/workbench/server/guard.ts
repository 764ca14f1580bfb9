/**
 * Who may drive the workbench: a request must name this start's random token as its first path segment and carry
 * a Host header naming the workbench's own loopback address. The token keeps other users and sites that cannot read
 * the banner out; the Host check defeats DNS rebinding (a foreign name resolving to 127.0.0.1 cannot pass).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** A fresh, unguessable token (24 random bytes, URL-safe). */
export function newWorkbenchToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The Host header values the workbench answers to on `port` (the bound address, and localhost for it). */
export function allowedHosts(host: string, port: number): Set<string> {
  const bound = host.includes(':') ? `[${host}]` : host;
  const names = new Set([`${bound}:${port}`]);
  if (host === '127.0.0.1' || host === '::1') names.add(`localhost:${port}`);
  return names;
}

export type GuardVerdict = { ok: true; rest: string } | { ok: false; status: 403 | 421; message: string };

/** Checks Host and token; on success gives back the path after the token (`/` for the page itself). */
export function checkRequest(
  request: { host: string | undefined; path: string },
  token: string,
  hosts: ReadonlySet<string>,
): GuardVerdict {
  if (!request.host || !hosts.has(request.host.toLowerCase()))
    return { ok: false, status: 421, message: 'This workbench answers only to its own loopback address.' };
  const match = /^\/([^/?]*)(\/[^?]*)?/.exec(request.path);
  const given = Buffer.from(match?.[1] ?? '');
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, status: 403, message: 'This workbench needs the token printed by npm start in its URL.' };
  return { ok: true, rest: match?.[2] || '/' };
}
