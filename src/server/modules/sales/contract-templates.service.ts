/**
 * Contract templates (合同范本, SAL-3 / seed 003 9.2): versioned clauses reviewed for legal through
 * the one approval mechanism (SEC-7, type `contract_template`). A template is usable once a version
 * is approved; contracts copy the clauses of the approved version they were drafted from.
 * Templates hold no customer data: any signed-in user may read them.
 */
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { ContractClauses, ContractTemplate, createContractTemplateBody, createTemplateVersionBody, TemplateVersionState } from '../../../contract/sales.js';
import type { DB } from '../../db/schema.js';
import { AppError, notFound, staleVersion } from '../../http/errors.js';
import { registerApprovalEffect, requestApproval } from '../approvals/approvals.service.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../audit/audit.types.js';
import type { Principal } from '../auth/principal.js';
import { becomesCurrent, checkNewVersion, checkTemplateUse, mayAuthorTemplate, templateApproverRole, type TemplateFacts } from './contract-templates.rules.js';

type VersionRow = { id: string; template_id: string; number: number; clauses: unknown; state: string; approval_id: string | null; created_at: Date; decided_at: Date | null; created_by_name: string | null; decided_by_name: string | null; approval_state: string | null; approval_expires: Date | null };

/** A pending version whose approval expired unanswered reads as expired (no job marks it). */
const stateOf = (v: VersionRow, now: Date): TemplateVersionState =>
  v.state === 'pending' && (v.approval_state === 'pending' || v.approval_state === null) && v.approval_expires !== null && v.approval_expires.getTime() <= now.getTime() ? 'expired' : (v.state as TemplateVersionState);

const toVersion = (v: VersionRow, now: Date) => ({
  id: v.id,
  number: v.number,
  state: stateOf(v, now),
  clauses: v.clauses as ContractClauses,
  approvalId: v.approval_id,
  createdByName: v.created_by_name,
  createdAt: v.created_at.toISOString(),
  decidedByName: v.decided_by_name,
  decidedAt: v.decided_at ? v.decided_at.toISOString() : null,
});

/** Templates with every version, in the order of ids given: two statements. */
async function loadTemplates(db: Kysely<DB>, ids: readonly string[], now: Date): Promise<ContractTemplate[]> {
  if (ids.length === 0) return [];
  const [rows, versions] = await Promise.all([
    db.selectFrom('contract_templates').selectAll().where('id', 'in', ids).execute(),
    db
      .selectFrom('contract_template_versions as v')
      .leftJoin('users as c', 'c.id', 'v.created_by')
      .leftJoin('users as d', 'd.id', 'v.decided_by')
      .leftJoin('approvals as a', 'a.id', 'v.approval_id')
      .select(['v.id', 'v.template_id', 'v.number', 'v.clauses', 'v.state', 'v.approval_id', 'v.created_at', 'v.decided_at', 'c.display_name as created_by_name', 'd.display_name as decided_by_name', 'a.state as approval_state', 'a.expires_at as approval_expires'])
      .where('v.template_id', 'in', ids)
      .orderBy('v.number', 'desc')
      .execute(),
  ]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id): ContractTemplate[] => {
    const r = byId.get(id);
    if (!r) return [];
    const vs = (versions as VersionRow[]).filter((v) => v.template_id === id).map((v) => toVersion(v, now));
    const approved = vs.find((v) => v.id === r.approved_version_id) ?? null;
    return [
      {
        id: r.id,
        name: r.name,
        disabled: r.disabled,
        approvedVersion: approved,
        pendingVersion: vs.find((v) => v.state === 'pending') ?? null,
        versions: vs,
        usable: checkTemplateUse({ disabled: r.disabled, approvedNumber: approved?.number ?? null }).ok,
        createdAt: r.created_at.toISOString(),
        version: r.version,
      },
    ];
  });
}

const factsOf = (t: ContractTemplate): TemplateFacts => ({ disabled: t.disabled, approvedNumber: t.approvedVersion?.number ?? null, pendingNumber: t.pendingVersion?.number ?? null, version: t.version });

function assertAuthor(p: Principal) {
  if (!mayAuthorTemplate(p.roles)) throw new AppError('forbidden', 'Only the marketing manager or director, the office head or the general manager writes contract templates.', { rule: 'SAL-3' });
}

export async function listContractTemplates(db: Kysely<DB>, q: { usable?: 'true' | 'false' | undefined; q?: string | undefined }, now = new Date()) {
  let query = db.selectFrom('contract_templates').select('id');
  if (q.usable === 'true') query = query.where('disabled', '=', false).where('approved_version_id', 'is not', null);
  if (q.usable === 'false') query = query.where((eb) => eb.or([eb('disabled', '=', true), eb('approved_version_id', 'is', null)]));
  if (q.q?.trim()) query = query.where(sql<boolean>`strpos(lower(name), lower(${q.q.trim()})) > 0`);
  const rows = await query.orderBy('name').limit(500).execute();
  return { items: await loadTemplates(db, rows.map((r) => r.id), now) };
}

export async function getContractTemplate(db: Kysely<DB>, id: string, now = new Date()) {
  const [t] = await loadTemplates(db, [id], now);
  if (!t) throw notFound('contract template');
  return t;
}

/** Files the legal review of one version, in the caller's transaction (SEC-7 routing: never only the requester). */
async function submitVersion(tx: Kysely<DB>, p: Principal, actor: Actor, template: { id: string; name: string }, number: number, clauses: ContractClauses, now: Date) {
  const { id } = await tx.insertInto('contract_template_versions').values({ template_id: template.id, number, clauses: JSON.stringify(clauses), state: 'pending', approval_id: null, created_at: now, created_by: p.userId, decided_by: null, decided_at: null }).returning('id').executeTakeFirstOrThrow();
  const approval = await requestApproval(tx, actor, {
    type: 'contract_template', subjectType: 'contract_template_version', subjectId: id, customerId: null,
    summary: `合同范本审核：${template.name} 第 ${number} 版`,
    payload: { templateId: template.id, name: template.name, number },
    requesterId: p.userId, approverRole: templateApproverRole, approverRule: 'SAL-3 (seed 003 9.2: legal review by the general manager)', expiresInDays: 30,
  }, now);
  await tx.updateTable('contract_template_versions').set({ approval_id: approval.id }).where('id', '=', id).execute();
  return { versionId: id, approvalId: approval.id };
}

export async function createContractTemplate(db: Kysely<DB>, p: Principal, input: z.infer<typeof createContractTemplateBody>, actor: Actor, now = new Date()) {
  assertAuthor(p);
  const id = await db.transaction().execute(async (tx) => {
    const clash = await tx.selectFrom('contract_templates').select('id').where(sql<boolean>`lower(name) = lower(${input.name})`).executeTakeFirst();
    if (clash) throw new AppError('conflict', `name: a template named ${input.name} exists`, { errors: [{ path: 'name', message: 'is taken' }] });
    const { id } = await tx.insertInto('contract_templates').values({ name: input.name, approved_version_id: null, created_at: now, created_by: p.userId, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    const submitted = await submitVersion(tx, p, actor, { id, name: input.name }, 1, input.clauses, now);
    await recordAudit(tx, actor, { action: 'contract_template.created', entityType: 'contract_template', entityId: id, data: { name: input.name, ...submitted } }, now);
    return id;
  });
  return getContractTemplate(db, id, now);
}

export async function createContractTemplateVersion(db: Kysely<DB>, p: Principal, id: string, input: z.infer<typeof createTemplateVersionBody>, actor: Actor, now = new Date()) {
  assertAuthor(p);
  await db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('contract_templates').select(['id', 'name']).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw notFound('contract template');
    const t = (await loadTemplates(tx, [id], now))[0]!;
    // an expired review is closed for good, so that the next version may wait in its place
    await tx.updateTable('contract_template_versions').set({ state: 'expired' }).where('template_id', '=', id).where('state', '=', 'pending').where('id', 'in', t.versions.filter((v) => v.state === 'expired').map((v) => v.id).concat(['0'])).execute();
    const newest = t.versions[0]!;
    const check = checkNewVersion(factsOf(t), input.version, newest, input.clauses);
    if (!check.ok) {
      if (check.code === 'stale') throw staleVersion('contract template', input.version);
      if (check.code === 'pending') throw new AppError('conflict', `Version ${t.pendingVersion?.number} is waiting for legal review; withdraw it or wait for the decision.`, { rule: 'SAL-3', extra: { approvalId: t.pendingVersion?.approvalId } });
      if (check.code === 'disabled') throw new AppError('conflict', 'The template is disabled.', { rule: 'SAL-3' });
      throw new AppError('rule_violation', `clauses: the same as version ${newest.number}`, { rule: 'SAL-3', errors: [{ path: 'clauses', message: 'are unchanged' }] });
    }
    const submitted = await submitVersion(tx, p, actor, row, check.number, input.clauses, now);
    await tx.updateTable('contract_templates').set({ updated_at: now, version: sql`version + 1` }).where('id', '=', id).execute();
    await recordAudit(tx, actor, { action: 'contract_template.version_created', entityType: 'contract_template', entityId: id, data: { number: check.number, ...submitted } }, now);
  });
  return getContractTemplate(db, id, now);
}

export async function updateContractTemplate(db: Kysely<DB>, p: Principal, id: string, input: { version: number; disabled: boolean }, actor: Actor, now = new Date()) {
  assertAuthor(p);
  await db.transaction().execute(async (tx) => {
    const r = await tx.updateTable('contract_templates').set({ disabled: input.disabled, updated_at: now, version: sql`version + 1` }).where('id', '=', id).where('version', '=', input.version).returning('id').executeTakeFirst();
    if (!r) {
      const exists = await tx.selectFrom('contract_templates').select('id').where('id', '=', id).executeTakeFirst();
      throw exists ? staleVersion('contract template', input.version) : notFound('contract template');
    }
    await recordAudit(tx, actor, { action: 'contract_template.updated', entityType: 'contract_template', entityId: id, data: { disabled: input.disabled } }, now);
  });
  return getContractTemplate(db, id, now);
}

/** SAL-3: the approved version a new contract copies, in the caller's transaction; 422 naming templateId otherwise. */
export async function templateForContract(tx: Kysely<DB>, templateId: string): Promise<{ versionId: string; clauses: ContractClauses }> {
  const r = await tx
    .selectFrom('contract_templates as t')
    .leftJoin('contract_template_versions as v', 'v.id', 't.approved_version_id')
    .select(['t.disabled', 'v.id as version_id', 'v.number', 'v.clauses'])
    .where('t.id', '=', templateId)
    .forShare('t')
    .executeTakeFirst();
  if (!r) throw new AppError('rule_violation', 'templateId: no such contract template', { rule: 'SAL-3', errors: [{ path: 'templateId', message: 'does not exist' }] });
  const use = checkTemplateUse({ disabled: r.disabled, approvedNumber: r.number });
  if (!use.ok) {
    const message = use.reason === 'disabled' ? 'is disabled' : 'has no version approved by legal yet';
    throw new AppError('rule_violation', `templateId: the template ${message}`, { rule: 'SAL-3', errors: [{ path: 'templateId', message }] });
  }
  return { versionId: r.version_id!, clauses: r.clauses as ContractClauses };
}

async function decideVersion(tx: Kysely<DB>, versionId: string, state: 'approved' | 'rejected' | 'withdrawn', deciderId: string | null, now: Date) {
  const v = await tx.selectFrom('contract_template_versions').select(['id', 'template_id', 'number', 'state']).where('id', '=', versionId).forUpdate().executeTakeFirst();
  if (!v) throw new AppError('conflict', 'The template version no longer exists.', { rule: 'SAL-3' });
  if (v.state !== 'pending') return null;
  await tx.updateTable('contract_template_versions').set({ state, decided_by: deciderId, decided_at: now }).where('id', '=', v.id).execute();
  return v;
}

registerApprovalEffect('contract_template', {
  async onApproved(tx, approval, ctx) {
    const v = await decideVersion(tx, approval.subjectId, 'approved', ctx.deciderId, ctx.now);
    if (!v) return;
    const t = await tx
      .selectFrom('contract_templates as t')
      .leftJoin('contract_template_versions as cur', 'cur.id', 't.approved_version_id')
      .select(['t.id', 'cur.number'])
      .where('t.id', '=', v.template_id)
      .forUpdate('t')
      .executeTakeFirstOrThrow();
    if (becomesCurrent(t.number, v.number)) await tx.updateTable('contract_templates').set({ approved_version_id: v.id, updated_at: ctx.now, version: sql`version + 1` }).where('id', '=', t.id).execute();
    await recordAudit(tx, ctx.actor, { action: 'contract_template.approved', entityType: 'contract_template', entityId: v.template_id, data: { number: v.number, approvalId: approval.id } }, ctx.now);
  },
  async onRejected(tx, approval, ctx) {
    const v = await decideVersion(tx, approval.subjectId, 'rejected', ctx.deciderId, ctx.now);
    if (v) await recordAudit(tx, ctx.actor, { action: 'contract_template.rejected', entityType: 'contract_template', entityId: v.template_id, data: { number: v.number, approvalId: approval.id, comment: ctx.comment } }, ctx.now);
  },
  async onWithdrawn(tx, approval, ctx) {
    await decideVersion(tx, approval.subjectId, 'withdrawn', null, ctx.now);
  },
  link: (a) => (typeof a.payload['templateId'] === 'string' ? `/sales/contract-templates/${a.payload['templateId']}` : null),
});
