/**
 * What destruction (SEC-9) purges of an archive's opportunities and contracts: their titles,
 * signatories, products and written reasons. Numbers, amounts, stages, dates and the payment
 * schedule stay, like the transactions' amounts, so the company's totals do not change.
 */
import { sql } from 'kysely';
import { registerDestructionPurge } from '../lifecycle/lifecycle.service.js';

registerDestructionPurge('opportunities', async (tx, customerId) => {
  const r = await tx
    .updateTable('opportunities')
    .set({ title: '—', lost_reason: sql<string | null>`CASE WHEN lost_reason IS NULL THEN NULL ELSE '—' END` })
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return { count: Number(r.numUpdatedRows) };
});

registerDestructionPurge('contracts', async (tx, customerId) => {
  const ids = tx.selectFrom('contracts').select('id').where('customer_id', '=', customerId);
  await tx.updateTable('contract_lines').set({ product: '—', spec: null }).where('contract_id', 'in', ids).execute();
  await tx.updateTable('contract_waivers').set({ reason: '—' }).where('contract_id', 'in', ids).execute();
  const r = await tx.updateTable('contracts').set({ title: '—', signatory: '—' }).where('customer_id', '=', customerId).executeTakeFirst();
  return { count: Number(r.numUpdatedRows) };
});
