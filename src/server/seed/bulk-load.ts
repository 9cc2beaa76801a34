/**
 * Bulk loading of generated archives with COPY (demo company and benchmark data sets).
 * Runs as the owner role, assigns ids itself and moves the identity sequences past them.
 */
import type pg from 'pg';
import { copyRows } from '../db/copy.js';
import { namePinyin, normalizeName, phoneDigits, searchTerms } from '../modules/customers/customers.rules.js';
import { mobileIndex, sealNullable } from '../modules/privacy/keyring.js';
import { company, contact, int, pick, seededRng, transaction, type Rng } from './generate.js';

async function nextId(client: pg.PoolClient | pg.Client, table: string): Promise<number> {
  return Number((await client.query(`SELECT coalesce(max(id), 0) + 1 AS n FROM ${table}`)).rows[0].n);
}
async function syncSequence(client: pg.PoolClient | pg.Client, table: string) {
  await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), greatest((SELECT max(id) FROM ${table}), 1))`);
}

export type LoadPlan = {
  customers: number;
  contactsPerCustomer: [number, number];
  transactionsPerCustomer: [number, number];
  /** Owners to spread the customers over: [userId, departmentId]. */
  owners: readonly [string, string][];
  seed: number;
  from: Date;
  to: Date;
  withLines: boolean;
  onProgress?: (stage: string, done: number, total: number) => void;
};

export type LoadResult = { customers: number; contacts: number; transactions: number; terms: number };

export async function bulkLoadArchives(client: pg.PoolClient | pg.Client, plan: LoadPlan): Promise<LoadResult> {
  const rng: Rng = seededRng(plan.seed);
  const firstCustomer = await nextId(client, 'customers');
  const firstContact = await nextId(client, 'contacts');
  const firstTx = await nextId(client, 'transactions');
  const year = plan.to.getFullYear();
  const counter = await client.query(`SELECT last FROM archive_counters WHERE prefix = 'KH' AND year = $1`, [year]);
  let seq = Number(counter.rows[0]?.last ?? 0);
  const progress = plan.onProgress ?? (() => {});
  const result: LoadResult = { customers: 0, contacts: 0, transactions: 0, terms: 0 };
  const now = new Date().toISOString();

  // one pass generates a customer and everything under it; rows are buffered per table in chunks
  const batch = 20_000;
  for (let start = 0; start < plan.customers; start += batch) {
    const n = Math.min(batch, plan.customers - start);
    const customers: unknown[][] = [];
    const terms: unknown[][] = [];
    const contacts: unknown[][] = [];
    const txs: unknown[][] = [];
    const lines: unknown[][] = [];
    const history: unknown[][] = [];
    for (let i = 0; i < n; i++) {
      const id = firstCustomer + start + i;
      const g = company(rng, start + i);
      const [ownerId, departmentId] = pick(rng, plan.owners);
      const py = namePinyin(g.name);
      const contactCount = int(rng, ...plan.contactsPerCustomer);
      const txCount = int(rng, ...plan.transactionsPerCustomer);
      let lastTx: string | null = null;
      for (let k = 0; k < txCount; k++) {
        const t = transaction(rng, plan.from, plan.to);
        const txId = firstTx + result.transactions;
        result.transactions++;
        if (!lastTx || t.date > lastTx) lastTx = t.date;
        txs.push([txId, id, `HT${t.date.replace(/-/g, '')}${String(txId).padStart(7, '0')}`, t.date, g.address.slice(0, 6), t.amount, ownerId, t.breach, now]);
        if (plan.withLines) lines.push([txId, 1, t.product, t.quantity, t.unit, t.price]);
      }
      seq++;
      customers.push([id, `KH-${year}-${String(seq).padStart(6, '0')}`, plan.from.toISOString().slice(0, 10), g.name, g.shortName, g.customerType, g.source, ownerId, departmentId, g.address, g.region, g.phone, g.email, g.foundedOn, g.registeredCapital, g.employeeCount, g.companyNature, g.industry, g.industryCode, g.industryPosition, g.category, g.importance, normalizeName(g.name), py.full, py.initials, phoneDigits([g.phone]), lastTx, now, now]);
      for (const t of searchTerms(g.name, g.shortName)) terms.push([t.term, t.rank, t.nameLen, id]);
      history.push([id, 0, 'customer', String(id), '[]', now]);
      for (let k = 0; k < contactCount; k++) {
        const c = contact(rng, k);
        // personal data sealed as every writer seals it (SEC-12)
        contacts.push([firstContact + result.contacts, id, c.role, c.name, c.position, sealNullable(c.mobile), c.email, sealNullable(c.birthDate), c.birthDate ? c.birthDate.slice(5, 10) : null, '', c.mobile ? mobileIndex(c.mobile) : null, now, now]);
        result.contacts++;
      }
    }
    await copyRows(client, 'customers', ['id', 'archive_no', 'filed_on', 'name', 'short_name', 'customer_type', 'source', 'owner_id', 'department_id', 'address', 'region', 'phone', 'email', 'founded_on', 'registered_capital', 'employee_count', 'company_nature', 'industry', 'industry_code', 'industry_position', 'category', 'importance', 'name_norm', 'name_pinyin', 'name_initials', 'phone_digits', 'last_transaction_on', 'created_at', 'updated_at'], customers);
    await copyRows(client, 'customer_terms', ['term', 'rank', 'name_len', 'customer_id'], terms);
    await copyRows(client, 'customer_history', ['customer_id', 'version', 'entity', 'entity_id', 'changes', 'at'], history);
    await copyRows(client, 'contacts', ['id', 'customer_id', 'role', 'name', 'position', 'mobile', 'email', 'birth_date', 'birth_md', 'phone_digits', 'mobile_index', 'created_at', 'updated_at'], contacts);
    await copyRows(client, 'transactions', ['id', 'customer_id', 'tx_no', 'date', 'place', 'amount', 'handled_by', 'breach', 'created_at'], txs);
    if (lines.length) {
      await copyRows(client, 'transaction_lines', ['transaction_id', 'line_no', 'product', 'quantity', 'unit', 'price'], lines);
    }
    result.customers += n;
    result.terms += terms.length;
    progress('customers', result.customers, plan.customers);
  }
  await client.query(`INSERT INTO archive_counters (prefix, year, last) VALUES ('KH', $1, $2) ON CONFLICT (prefix, year) DO UPDATE SET last = EXCLUDED.last`, [year, seq]);
  for (const t of ['customers', 'contacts', 'transactions']) await syncSequence(client, t);
  return result;
}
