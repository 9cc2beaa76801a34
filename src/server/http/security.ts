/** Request-level security checks: same-origin for cookie-authenticated writes (CSRF). */
import type { FastifyRequest } from 'fastify';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A cookie-authenticated write must come from our own origin (Origin, else Referer). */
export function sameOriginWrite(req: FastifyRequest): boolean {
  if (safeMethods.has(req.method)) return true;
  const host = req.headers['x-forwarded-host'] ?? req.headers.host;
  const source = req.headers.origin ?? req.headers.referer;
  if (!host || typeof source !== 'string') return false;
  try {
    const src = new URL(source);
    // Normalise default ports (`host:80` for http) the way URL does for the origin.
    return src.host === new URL(`${src.protocol}//${String(host)}`).host;
  } catch {
    return false;
  }
}
