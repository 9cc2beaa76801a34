/** Request-level security checks: same-origin for cookie-authenticated writes (CSRF). */
import type { FastifyRequest } from 'fastify';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A cookie-authenticated write must come from our own origin (Origin, else Referer): scheme, host
 * and port all equal. The site's own origin is the Host header and the connection's scheme; the
 * proxy's X-Forwarded-Host / X-Forwarded-Proto count only when KEDANG_TRUST_PROXY is on (Fastify's
 * `trustProxy` decides what `req.host` and `req.protocol` read).
 */
export function sameOriginWrite(req: FastifyRequest): boolean {
  if (safeMethods.has(req.method)) return true;
  const host = req.host;
  const source = req.headers.origin ?? req.headers.referer;
  if (!host || typeof source !== 'string') return false;
  try {
    const src = new URL(source);
    // URL normalises default ports (`host:80` for http) on both sides.
    return src.origin === new URL(`${req.protocol}://${host}`).origin;
  } catch {
    return false;
  }
}
