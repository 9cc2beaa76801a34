/**
 * SAL-4 overdue alerts (seed 003 9.3): each instalment of a signed contract not collected by its due
 * date gives the contract's manager (its owner) a `contract_payment` task, once, and tells the head of
 * the owner's department (the nearest manager up the department tree). When the instalment is paid or
 * written off, the job completes the task. A function of (db, now), run daily by the job queue (once
 * across instances); set-based, so a run costs the same whatever the number of contracts.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notifyUsers } from '../approvals/notifications.service.js';
import { recordAudit } from '../audit/audit.service.js';
import { systemActor } from '../audit/audit.types.js';
import { completeTasksOf, createWorkTask } from '../tasks/tasks.service.js';
import { chinaDate } from '../tasks/working-days.rules.js';
import { CONTRACT_DOCUMENT_DAYS, missingContractDocuments } from './sales.rules.js';

type Overdue = { payment_id: string; due_on: string; amount: string; contract_id: string; contract_no: string; owner_id: string; customer_id: string; customer_name: string; head_id: string | null };

export async function alertOverdueInstalments(db: Kysely<DB>, now: Date): Promise<{ alerted: number; completed: number }> {
  const today = chinaDate(now);
  return db.transaction().execute(async (tx) => {
    // instalments collected or written off since: their collection task is done
    const completed = await sql<{ id: string }>`
      UPDATE tasks k SET completed_at = ${now}, completion = 'manual', completion_note = 'instalment collected or written off', version = k.version + 1
        FROM payments p
       WHERE k.kind = 'contract_payment' AND k.ref_type = 'payment' AND k.ref_id = p.id::text AND k.completed_at IS NULL
         AND (p.paid_on IS NOT NULL OR p.bad_debt)
      RETURNING k.id`.execute(tx);
    const overdue = (
      await sql<Overdue>`
        WITH RECURSIVE up AS (
          SELECT u.id AS owner_id, d.id AS dept_id, d.parent_id, d.manager_id, 0 AS depth
            FROM users u JOIN departments d ON d.id = u.department_id
           WHERE u.id IN (SELECT owner_id FROM contracts WHERE state = 'signed')
          UNION ALL
          SELECT up.owner_id, d.id, d.parent_id, d.manager_id, up.depth + 1
            FROM up JOIN departments d ON d.id = up.parent_id
           WHERE (up.manager_id IS NULL OR up.manager_id = up.owner_id) AND up.depth < 20),
        heads AS (SELECT DISTINCT ON (owner_id) owner_id, manager_id FROM up WHERE manager_id IS NOT NULL AND manager_id <> owner_id ORDER BY owner_id, depth)
        SELECT p.id AS payment_id, p.due_on::text, p.amount::text, k.id AS contract_id, k.contract_no, k.owner_id, k.customer_id, c.name AS customer_name, h.manager_id AS head_id
          FROM contracts k
          JOIN transactions t ON t.contract_id = k.id
          JOIN payments p ON p.transaction_id = t.id
          JOIN customers c ON c.id = k.customer_id
          LEFT JOIN heads h ON h.owner_id = k.owner_id
         WHERE k.state = 'signed' AND p.paid_on IS NULL AND NOT p.bad_debt AND p.due_on < ${today}::date
           AND NOT EXISTS (SELECT 1 FROM tasks x WHERE x.kind = 'contract_payment' AND x.ref_type = 'payment' AND x.ref_id = p.id::text)
         ORDER BY p.due_on, p.id`.execute(tx)
    ).rows;
    for (const o of overdue) {
      const title = `催收：合同 ${o.contract_no}（${o.customer_name}）${o.due_on} 到期的 ¥${o.amount} 未收回`;
      await createWorkTask(tx, systemActor, { kind: 'contract_payment', ownerId: o.owner_id, customerId: o.customer_id, title, dueOn: today, refType: 'payment', refId: o.payment_id, createdBy: null }, now);
      if (o.head_id) await notifyUsers(tx, [o.head_id], { kind: 'contract.instalment_overdue', title, link: `/sales/contracts/${o.contract_id}`, data: { contractId: o.contract_id, paymentId: o.payment_id } });
    }
    if (overdue.length > 0 || completed.rows.length > 0) {
      await recordAudit(tx, systemActor, { action: 'contract.overdue_alerted', entityType: 'contract', data: { alerted: overdue.length, completed: completed.rows.length, today } }, now);
    }
    return { alerted: overdue.length, completed: completed.rows.length };
  });
}

type MissingDocs = { contract_id: string; contract_no: string; owner_id: string; customer_id: string; customer_name: string; signed_on: string; has_contract: boolean; has_id: boolean; open_task: boolean; any_task: boolean; head_id: string | null };

/**
 * SAL-4 / seed 003 9.3 required contract documents not handed in on time: a signed contract whose
 * required documents (contractRequiredDocuments: the signed original filed after drafting, and the
 * signatory's ID or power of attorney) are not all in the archive CONTRACT_DOCUMENT_DAYS after
 * signing gives its manager a `contract_document` task, once, and tells the department head. When
 * the documents are filed, the job completes the task. Set-based like the instalment alert.
 */
export async function alertMissingContractDocuments(db: Kysely<DB>, now: Date): Promise<{ alerted: number; completed: number }> {
  const today = chinaDate(now);
  const lastSigned = new Date(Date.parse(`${today}T00:00:00Z`) - (CONTRACT_DOCUMENT_DAYS + 1) * 86_400_000).toISOString().slice(0, 10);
  return db.transaction().execute(async (tx) => {
    const rows = (
      await sql<MissingDocs>`
        WITH RECURSIVE up AS (
          SELECT u.id AS owner_id, d.id AS dept_id, d.parent_id, d.manager_id, 0 AS depth
            FROM users u JOIN departments d ON d.id = u.department_id
           WHERE u.id IN (SELECT owner_id FROM contracts WHERE state = 'signed')
          UNION ALL
          SELECT up.owner_id, d.id, d.parent_id, d.manager_id, up.depth + 1
            FROM up JOIN departments d ON d.id = up.parent_id
           WHERE (up.manager_id IS NULL OR up.manager_id = up.owner_id) AND up.depth < 20),
        heads AS (SELECT DISTINCT ON (owner_id) owner_id, manager_id FROM up WHERE manager_id IS NOT NULL AND manager_id <> owner_id ORDER BY owner_id, depth)
        SELECT k.id AS contract_id, k.contract_no, k.owner_id, k.customer_id, c.name AS customer_name, k.signed_on::text AS signed_on, h.manager_id AS head_id,
          EXISTS (SELECT 1 FROM documents d WHERE d.customer_id = k.customer_id AND d.deleted_at IS NULL AND d.category = 'contract' AND d.created_at >= k.created_at) AS has_contract,
          EXISTS (SELECT 1 FROM documents d WHERE d.customer_id = k.customer_id AND d.deleted_at IS NULL AND d.category = 'legal_rep_id') AS has_id,
          EXISTS (SELECT 1 FROM tasks x WHERE x.kind = 'contract_document' AND x.ref_type = 'contract' AND x.ref_id = k.id::text AND x.completed_at IS NULL) AS open_task,
          EXISTS (SELECT 1 FROM tasks x WHERE x.kind = 'contract_document' AND x.ref_type = 'contract' AND x.ref_id = k.id::text) AS any_task
          FROM contracts k JOIN customers c ON c.id = k.customer_id LEFT JOIN heads h ON h.owner_id = k.owner_id
         WHERE k.state = 'signed' AND k.signed_on <= ${lastSigned}::date
         ORDER BY k.signed_on, k.id`.execute(tx)
    ).rows;
    let alerted = 0;
    let completed = 0;
    for (const r of rows) {
      const missing = missingContractDocuments([...(r.has_contract ? ['contract'] : []), ...(r.has_id ? ['legal_rep_id'] : [])]);
      if (missing.length === 0) {
        if (r.open_task) completed += await completeTasksOf(tx, systemActor, { refType: 'contract', refId: r.contract_id, kind: 'contract_document' }, now);
        continue;
      }
      if (r.any_task) continue;
      const names = missing.map((m) => docNames[m]).join('、');
      const title = `补交资料：合同 ${r.contract_no}（${r.customer_name}）签订后 ${CONTRACT_DOCUMENT_DAYS} 天仍缺 ${names}`;
      await createWorkTask(tx, systemActor, { kind: 'contract_document', ownerId: r.owner_id, customerId: r.customer_id, title, dueOn: today, refType: 'contract', refId: r.contract_id, createdBy: null }, now);
      if (r.head_id) await notifyUsers(tx, [r.head_id], { kind: 'contract.documents_missing', title, link: `/sales/contracts/${r.contract_id}`, data: { contractId: r.contract_id, missing }, about: { customerId: r.customer_id, hiddenTitle: `补交资料：合同 ${r.contract_no} 签订后 ${CONTRACT_DOCUMENT_DAYS} 天仍缺资料` } });
      alerted += 1;
    }
    if (alerted + completed > 0) await recordAudit(tx, systemActor, { action: 'contract.documents_alerted', entityType: 'contract', data: { alerted, completed, today } }, now);
    return { alerted, completed };
  });
}
const docNames: Record<string, string> = { contract: '合同原件扫描件', legal_rep_id: '签约人身份证明或授权委托书' };
