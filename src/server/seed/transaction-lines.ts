/**
 * Generated product lines (ANA-1 商品构成) for generated transactions, set-based: one line per
 * transaction that has none, its product, unit and category chosen from the transaction id, its
 * quantity × price equal to the transaction's amount (to the cent). Deterministic, so it also tops
 * up an existing data set (the 1M benchmark set, generated without lines) without regenerating it.
 */
import type pg from 'pg';

/** Product, unit, category: the generator's products (seed/generate.ts) with a category each. */
const catalogue = [
  ['交换机', '台', '网络设备'], ['服务器', '台', '网络设备'], ['钢材', '吨', '原材料'], ['电缆', '米', '电气材料'], ['轴承', '套', '机械配件'],
  ['包装材料', '箱', '包装'], ['化工原料', '吨', '原材料'], ['电子元件', '千个', '电气材料'], ['办公家具', '套', '办公用品'], ['软件许可', '套', '软件'],
] as const;

export async function topUpTransactionLines(client: pg.PoolClient | pg.Client): Promise<number> {
  const r = await client.query(
    `INSERT INTO transaction_lines (transaction_id, line_no, product, quantity, unit, price, category)
     SELECT t.id, 1, k.a[1 + h.v % ${catalogue.length}][1], 1, k.a[1 + h.v % ${catalogue.length}][2], t.amount, k.a[1 + h.v % ${catalogue.length}][3]
       FROM transactions t
       CROSS JOIN (SELECT $1::text[][] AS a) k
       CROSS JOIN LATERAL (SELECT (abs(hashint8(t.id)) % 1000)::int AS v) h
      WHERE NOT EXISTS (SELECT 1 FROM transaction_lines l WHERE l.transaction_id = t.id)`,
    [catalogue.map((c) => [...c])],
  );
  return r.rowCount ?? 0;
}
