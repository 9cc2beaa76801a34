/**
 * What destruction (SEC-9) purges of an archive's complaints: what the customer and the staff
 * wrote (reason, demand, contact, investigation, plan, opinions, sign-off, follow-up). That a
 * complaint was received, its number, category, states and times stay countable, like calls.
 * A scanned or drawn sign-off is a document of the archive and goes with the documents' purge.
 */
import { registerDestructionPurge } from '../lifecycle/lifecycle.service.js';

registerDestructionPurge('complaints', async (tx, customerId) => {
  const ids = tx.selectFrom('complaints').select('id').where('customer_id', '=', customerId);
  await tx.updateTable('complaint_transitions').set({ comment: null, data: '{}' }).where('complaint_id', 'in', ids).execute();
  const r = await tx
    .updateTable('complaints')
    .set({
      contact_name: null, contact_phone: null, business_address: null, reason: '—', demand: '—', products: '[]',
      explanation: null, cause: null, plan: null, loss_amount: null, sign_off: null,
      receiver_opinion: null, manager_opinion: null, customer_opinion: null, follow_up_comments: null,
    })
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return { count: Number(r.numUpdatedRows) };
});
