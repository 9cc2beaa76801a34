import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, chainHash, findChainBreak, GENESIS_HASH, type ChainRow } from './audit.chain.js';

function chain(n: number): ChainRow[] {
  const rows: ChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const c = { at: new Date(Date.UTC(2026, 10, 25, 0, 0, i)), actorId: '1', action: 'user.updated', entityType: 'user', entityId: String(i), data: { i, nested: { b: 1, a: [1, 'x'] } }, ip: '127.0.0.1', requestId: null };
    const hash = chainHash(prev, c);
    rows.push({ ...c, id: String(i), prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('SEC-10 audit hash chain', () => {
  it('SEC-10 canonical JSON ignores key order at every depth', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      }),
    );
  });
  it('SEC-10 an intact chain verifies', () => {
    expect(findChainBreak(chain(20), GENESIS_HASH).break).toBeNull();
  });
  it('SEC-10 an altered row is named', () => {
    const rows = chain(10);
    rows[6] = { ...rows[6]!, data: { i: 999 } };
    expect(findChainBreak(rows, GENESIS_HASH).break).toEqual({ id: '7', reason: 'altered' });
  });
  it('SEC-10 a removed row is found at the next one', () => {
    const rows = chain(10);
    rows.splice(3, 1);
    expect(findChainBreak(rows, GENESIS_HASH).break).toEqual({ id: '5', reason: 'gap' });
  });
  it('SEC-10 removing the first row breaks at the new first', () => {
    expect(findChainBreak(chain(5).slice(1), GENESIS_HASH).break).toEqual({ id: '2', reason: 'gap' });
  });
});

describe('SEC-10 several chains', () => {
  const interleave = () => {
    // rows 1..12 alternate over chains 0, 3 and 5; each links to the previous row of its own chain
    const last = new Map<number, string>();
    const rows: ChainRow[] = [];
    for (let i = 1; i <= 12; i++) {
      const c = [0, 3, 5][i % 3]!;
      const content = { at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), actorId: '1', action: 'customer.viewed', entityType: 'customer', entityId: String(i), data: { i }, ip: null, requestId: null };
      const prevHash = last.get(c) ?? GENESIS_HASH;
      const row = { ...content, id: String(i), prevHash, hash: chainHash(prevHash, content), chain: c };
      last.set(c, row.hash);
      rows.push(row);
    }
    return rows;
  };
  it('SEC-10 interleaved chains verify, each against its own predecessor', () => {
    expect(findChainBreak(interleave(), new Map()).break).toBeNull();
  });
  it('SEC-10 a row removed from one chain breaks that chain at its next row', () => {
    const rows = interleave().filter((r) => r.id !== '4');
    expect(findChainBreak(rows, new Map()).break).toEqual({ id: '7', reason: 'gap' });
  });
  it('SEC-10 a row moved to another chain is caught', () => {
    const rows = interleave().map((r) => (r.id === '6' ? { ...r, chain: 3 } : r));
    expect(findChainBreak(rows, new Map()).break?.reason).toBe('gap');
  });
});


describe('SEC-10 hash versions (issue 17: the user agent and the outcome)', () => {
  const v2 = (prev: string, over: Partial<ChainRow> = {}): ChainRow => {
    const c = { at: new Date(Date.UTC(2026, 11, 6)), actorId: '7', action: 'customer.viewed', entityType: 'customer', entityId: '9', data: {}, ip: '10.0.0.1', requestId: 'r', userAgent: 'Mozilla/5.0', outcome: 'success', hashVersion: 2, ...over };
    return { ...c, id: over.id ?? '100', prevHash: prev, hash: chainHash(prev, c) };
  };
  it('SEC-10 version-1 rows verify as before and version-2 rows after them; the user agent and the outcome are hashed in version 2', () => {
    const old = chain(3);
    const next = v2(old[2]!.hash, { id: '4' });
    expect(findChainBreak([...old, next], GENESIS_HASH).break).toBeNull();
    expect(findChainBreak([...old, { ...next, userAgent: 'curl/8' }], GENESIS_HASH).break).toEqual({ id: '4', reason: 'altered' });
    expect(findChainBreak([...old, { ...next, outcome: 'denied' }], GENESIS_HASH).break).toEqual({ id: '4', reason: 'altered' });
    // claiming an old version to escape the user agent's hash fails too
    expect(findChainBreak([...old, { ...next, hashVersion: 1 }], GENESIS_HASH).break).toEqual({ id: '4', reason: 'altered' });
    expect(findChainBreak([...old, { ...next, hashVersion: 3 }], GENESIS_HASH).break).toEqual({ id: '4', reason: 'altered' });
  });
  it('SEC-10 a version-1 row that shows a user agent or a refusal was altered', () => {
    const rows = chain(3);
    expect(findChainBreak([rows[0]!, { ...rows[1]!, userAgent: 'x' }, rows[2]!], GENESIS_HASH).break).toEqual({ id: '2', reason: 'altered' });
    expect(findChainBreak([rows[0]!, { ...rows[1]!, outcome: 'failed' }, rows[2]!], GENESIS_HASH).break).toEqual({ id: '2', reason: 'altered' });
    expect(findChainBreak([rows[0]!, { ...rows[1]!, outcome: 'success', userAgent: null }, rows[2]!], GENESIS_HASH).break).toBeNull();
  });
  it('SEC-10 after a purge a chain starts from its anchor: the first kept row verifies, a removed kept row does not', () => {
    const rows = chain(6);
    const anchors = new Map([[0, rows[2]!.hash]]);
    expect(findChainBreak(rows.slice(3), anchors).break).toBeNull();
    expect(findChainBreak(rows.slice(4), anchors).break).toEqual({ id: '5', reason: 'gap' });
  });
});
