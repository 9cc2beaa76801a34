/**
 * Generated payments (EVA-1) for generated transactions, set-based: one payment per transaction
 * that has none, due 30 days after it; ~70 % paid on time or early, ~22 % late (1–90 days), the
 * rest open, 0.2 % written off. Deterministic from the transaction id, so it also tops up an
 * existing data set (the 1M benchmark set) without regenerating it.
 */
import type pg from 'pg';

export async function topUpPayments(client: pg.PoolClient | pg.Client): Promise<number> {
  const r = await client.query(`
    INSERT INTO payments (transaction_id, due_on, paid_on, amount, bad_debt, created_at)
    SELECT t.id, t.date + 30,
      CASE WHEN h.v < 700 THEN t.date + 30 - (h.v % 11)
           WHEN h.v < 920 THEN t.date + 30 + 1 + (h.v % 90)
           ELSE NULL END,
      t.amount, h.v >= 998, now()
    FROM transactions t
    CROSS JOIN LATERAL (SELECT (abs(hashint8(t.id)) % 1000)::int AS v) h
    WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.transaction_id = t.id)`);
  return r.rowCount ?? 0;
}
