/**
 * Evaluation figures at 1M customers (issue 6, EVA-4/6/7): opening and computing a quarter for
 * every active customer, ABC reclassification of every customer, and the what-if preview p95.
 * Payments are topped up once on the existing large data set (set-based, ~5M rows).
 */
import pg from 'pg';
import { connectDatabase } from '../src/server/db/connect.js';
import { systemActor } from '../src/server/modules/audit/audit.types.js';
import { runAbc } from '../src/server/modules/evaluation/abc.service.js';
import { openRound } from '../src/server/modules/evaluation/rounds.service.js';
import { topUpPayments } from '../src/server/seed/payments.js';
import { percentile, timeEach, type Figure } from './harness.js';
import { benchPgUrl, startBenchServer, stopBenchServer } from './server.js';
import { BENCH_PASSWORD } from './large.js';


export const BENCH_QUARTER = '2025Q4';

export async function benchEvaluation(root: string, dataDir: string, log: (m: string) => void = console.log): Promise<Figure[]> {
  const s = await startBenchServer(root, dataDir, 3991, { NODE_ENV: 'production' });
  const pgUrl = benchPgUrl(dataDir);
  const owner = new pg.Client({ connectionString: pgUrl });
  await owner.connect();
  const figures: Figure[] = [];
  try {
    const t0 = Date.now();
    const added = await topUpPayments(owner);
    if (added > 0) {
      await owner.query('ANALYZE payments, transactions');
      log(`(payments topped up: ${added.toLocaleString()} in ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    }
    // a fresh round each run, so the figure is the full opening, not a resume
    await owner.query(`DELETE FROM evaluations WHERE round_id IN (SELECT id FROM evaluation_rounds WHERE quarter = $1)`, [BENCH_QUARTER]);
    await owner.query(`DELETE FROM evaluation_rounds WHERE quarter = $1`, [BENCH_QUARTER]);
    const database = connectDatabase(pgUrl, { max: 4 });
    try {
      const t1 = performance.now();
      const r = await openRound(database.db, BENCH_QUARTER, systemActor, { batchSize: 25_000 });
      const open = (performance.now() - t1) / 1000;
      figures.push({ name: `open and compute ${BENCH_QUARTER} for every active customer`, value: open, unit: 's', target: 300, better: 'lower', note: `${r.total.toLocaleString()} evaluations` });
      // The quarterly reclassification: last quarter's classes first (unmeasured; on a data set
      // never classified this is the first classification, every class changes: reported apart),
      // then this quarter's run over every customer, the figure the target is for.
      const quarterAgo = new Date(Date.now() - 91 * 86_400_000);
      const tp = performance.now();
      const prior = await runAbc(database.db, systemActor, quarterAgo);
      if (prior.changed > prior.total / 2) figures.push({ name: 'first ABC classification (every class is new)', value: (performance.now() - tp) / 1000, unit: 's', target: 600, better: 'lower', note: `${prior.changed.toLocaleString()} changed; once per data set` });
      await owner.query('VACUUM (ANALYZE) customers');
      const t2 = performance.now();
      const abc = await runAbc(database.db, systemActor);
      figures.push({ name: 'ABC reclassification of every customer', value: (performance.now() - t2) / 1000, unit: 's', target: 30, better: 'lower', note: `${abc.total.toLocaleString()} customers, ${abc.changed.toLocaleString()} changed since a quarter ago` });
    } finally {
      await database.close();
    }
    const login = await fetch(`${s.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'sales3.7', password: BENCH_PASSWORD }) });
    const token = ((await login.json()) as { token: string }).token;
    const preview = (i: number) =>
      fetch(`${s.url}/api/v1/credit/preview`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ customerType: i % 2 ? 'direct' : 'distributor', scores: { willingness: i % 11, loyalty: 9, cooperationLength: 10, purchaseAmount: 12.5, purchaseGrowth: 8, purchaseRegularity: 7, paymentTimeliness: 14, creditFulfilment: 15, financialStanding: 4 }, previousYearPurchases: '21000000.00' }),
      }).then(async (r) => {
        if (r.status !== 200) throw new Error(`preview → ${r.status} ${await r.text()}`);
        await r.arrayBuffer();
      });
    for (let i = 0; i < 20; i++) await preview(i);
    const times = await timeEach(300, preview);
    figures.push({ name: 'credit preview', value: percentile(times, 95), unit: 'ms', target: 10, better: 'lower', note: `p50 ${percentile(times, 50).toFixed(1)} ms` });
  } finally {
    await owner.end();
    await stopBenchServer(s);
  }
  return figures;
}
