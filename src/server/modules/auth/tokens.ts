/** Secret tokens: random, prefixed by kind, stored only as SHA-256. */
import { createHash, randomBytes } from 'node:crypto';

export type TokenKind = 'session' | 'pat';
const prefixes: Record<TokenKind, string> = { session: 'kds_', pat: 'kdp_' };

export function newToken(kind: TokenKind): { token: string; hash: Buffer } {
  const token = prefixes[kind] + randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}
export const hashToken = (token: string) => createHash('sha256').update(token).digest();
export function kindOf(token: string): TokenKind | null {
  if (token.startsWith('kds_')) return 'session';
  if (token.startsWith('kdp_')) return 'pat';
  return null;
}
