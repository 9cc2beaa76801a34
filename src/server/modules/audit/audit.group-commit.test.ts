import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { recordReadAudit, verifyAuditChain } from './audit.service.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => t?.close());

const actor = (i: number) => ({ userId: null, ip: '127.0.0.1', requestId: `req-${i}` });

describe('SEC-10 × PLT-7 read audits written together (group commit)', () => {
  it('SEC-10 PLT-7 200 concurrent reads: every event is committed before its read resolves, in fewer statements, and the chain verifies', async () => {
    let statements = 0;
    const count = () => statements++;
    t.database.pool.on('acquire', count);
    const resolvedBeforeCommit: number[] = [];
    await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        await recordReadAudit(t.database.db, actor(i), { action: 'customer.viewed', entityType: 'customer', entityId: String(i), data: { via: 'role', n: i, quote: `"'\\{},` } });
        // resolved means committed: the row is there for anyone who looks now
        const seen = await t.database.ownerPool.query(`SELECT 1 FROM audit_events WHERE request_id = $1`, [`req-${i}`]);
        if (seen.rowCount !== 1) resolvedBeforeCommit.push(i);
      }),
    );
    t.database.pool.off('acquire', count);
    expect(resolvedBeforeCommit).toEqual([]);
    const rows = await t.database.ownerPool.query<{ n: number; data: { quote: string } }>(`SELECT count(*)::int AS n, min(data::text)::jsonb AS data FROM audit_events WHERE action = 'customer.viewed' AND request_id LIKE 'req-%'`);
    expect(rows.rows[0]!.n).toBe(200);
    expect(rows.rows[0]!.data.quote).toBe(`"'\\{},`);
    expect(statements).toBeLessThan(200);
    const v = await verifyAuditChain(t.database.db);
    expect(v.firstBreak).toBeNull();
    expect(v.checked).toBeGreaterThanOrEqual(200);
  });

  it('SEC-10 a read whose event cannot be written fails; the others of its batch are written', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        recordReadAudit(t.database.db, i === 7 ? { userId: 'not-a-number', ip: null, requestId: 'bad' } : { userId: null, ip: null, requestId: `batch-${i}` }, { action: 'customer.viewed', entityType: 'customer', entityId: String(i) }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[7]!.status).toBe('rejected');
    const n = await t.database.ownerPool.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE request_id LIKE 'batch-%'`);
    expect(n.rows[0]!.n).toBe(19);
    expect((await verifyAuditChain(t.database.db)).firstBreak).toBeNull();
  });
});
