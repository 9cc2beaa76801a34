/**
 * What destruction (SEC-9) purges of an archive's documents: their rows, their versions, and
 * their files once the database has committed — a file is removed only when no document of any
 * archive still refers to it (storage is content-addressed: equal files are stored once).
 */
import { unlink } from 'node:fs/promises';
import { registerDestructionPurge } from '../lifecycle/lifecycle.service.js';
import { DocumentStorage } from './documents.storage.js';

registerDestructionPurge('documents', async (tx, customerId, ctx) => {
  const docs = tx.selectFrom('documents').select('id').where('customer_id', '=', customerId);
  const files = await tx.selectFrom('document_files').select('storage_key').where('document_id', 'in', docs).execute();
  await tx.deleteFrom('document_files').where('document_id', 'in', docs).execute();
  // documents may point at each other (belongs_to): cut the links first
  await tx.updateTable('documents').set({ belongs_to: null }).where('customer_id', '=', customerId).execute();
  const removed = Number((await tx.deleteFrom('documents').where('customer_id', '=', customerId).executeTakeFirst()).numDeletedRows);
  const keys = [...new Set(files.map((f) => f.storage_key))];
  const stillUsed = keys.length ? new Set((await tx.selectFrom('document_files').select('storage_key').where('storage_key', 'in', keys).execute()).map((r) => r.storage_key)) : new Set<string>();
  const gone = keys.filter((k) => !stillUsed.has(k));
  if (ctx.documentStore === 'postgres') {
    // content in PostgreSQL goes in the same transaction as its rows
    const storage = new DocumentStorage(ctx.storageRoot, tx);
    for (const key of gone) await storage.removeIn(tx, key);
    return { count: removed };
  }
  const storage = new DocumentStorage(ctx.storageRoot);
  return {
    count: removed,
    afterCommit: async () => {
      for (const key of gone) await unlink(storage.pathOf(key)).catch(() => undefined);
    },
  };
});

// What the customer sent through self-service links is archive content too (ARC-14).
registerDestructionPurge('selfServiceSubmissions', async (tx, customerId) => {
  const r = await tx
    .updateTable('self_service_submissions')
    .set({ changes: '{}', submitter_name: '—', submitter_phone: null, submitter_note: null, ip: null, decisions: null } as never)
    .where('customer_id', '=', customerId)
    .executeTakeFirst();
  return { count: Number(r.numUpdatedRows) };
});
