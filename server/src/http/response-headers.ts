/**
 * Headers that middleware adds to the response a handler answered, written in place.
 *
 * Hono's `c.header()` after the handler, or `c.res` read before it, makes @hono/node-server turn
 * its light response (status, string body, headers) into a web Response whose body is a
 * ReadableStream, which it then streams out chunk by chunk; a draft preview spent more time there
 * than in its count. The finished response's own headers are mutable and the server writes them
 * as they are.
 */
import type { Context } from 'hono';
import type { AppEnv } from './context';

export function setResponseHeader(c: Context<AppEnv>, name: string, value: string, append = false): void {
  try {
    if (append) c.res.headers.append(name, value);
    else c.res.headers.set(name, value);
  } catch {
    // Immutable headers (a response fetched from elsewhere, a redirect): `c.header` copies it, as Hono would.
    c.header(name, value, { append });
  }
}
