/**
 * Migrations whose rows only the application can compute (pinyin comes from pinyin-pro, not SQL):
 * each runs right after the SQL migration of the same number, on the same client, inside its
 * transaction, so the schema and its derived rows change together or not at all.
 */
import type pg from 'pg';
import { syllableTerms } from '../modules/customers/customers.rules.js';
import { copyRows } from './copy.js';

type DataStep = (client: pg.ClientBase, log: (m: string) => void) => Promise<void>;

const BATCH = 5000;

/**
 * 0190 (ARC-11, PLT-7): the full-pinyin syllable terms (`:huaweijishu…`) of every archive that has
 * search terms (a merged archive has none), as searchTerms derives them (syllableTerms) for a create,
 * an update or an import; the archive's other terms are unchanged.
 */
async function addSyllableTerms(client: pg.ClientBase, log: (m: string) => void) {
  let after = '0';
  let done = 0;
  for (;;) {
    const batch = (await client.query<{ id: string; name: string; short_name: string | null }>(
      `SELECT c.id, c.name, c.short_name FROM customers c
        WHERE c.id > $1 AND EXISTS (SELECT 1 FROM customer_terms t WHERE t.customer_id = c.id)
        ORDER BY c.id LIMIT ${BATCH}`, [after])).rows;
    if (!batch.length) break;
    await copyRows(client, 'customer_terms', ['term', 'rank', 'name_len', 'customer_id'], (function* () {
      for (const c of batch) {
        // a name holding `:` had Chinese terms such as `:a` already: those stay as they are
        const colon = `${c.name}${c.short_name ?? ''}`.normalize('NFKC').includes(':');
        const nameLen = Math.min([...c.name].length, 32767);
        for (const [term, rank] of syllableTerms(c.name, c.short_name)) if (!(colon && [...term].length <= 2)) yield [term, rank, nameLen, c.id];
      }
    })());
    after = batch[batch.length - 1]!.id;
    done += batch.length;
    if (done % 100_000 < BATCH) log(`syllable terms: ${done.toLocaleString()} archives`);
  }
}

export const dataSteps: Readonly<Record<number, DataStep>> = { 190: addSyllableTerms };
