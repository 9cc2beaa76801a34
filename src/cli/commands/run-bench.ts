import path from 'node:path';
import { benchFoundation } from '../../../bench/foundation.js';
import { benchImports } from '../../../bench/imports.js';
import { benchArchive } from '../../../bench/archive.js';
import { benchEvaluation } from '../../../bench/evaluation.js';
import { benchComplaints } from '../../../bench/complaints.js';
import { generateLarge, LARGE, largeDataReady } from '../../../bench/large.js';
import { progressBar } from '../progress.js';
import { report } from '../../../bench/harness.js';
import { repoRoot } from '../../server/main.js';
import { UsageError, type Command } from '../args.js';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'Run the benchmark: prints each figure beside its target and writes bench/results/latest.json.',
  usage: 'kedang bench [--only foundation|archive|evaluation|imports|complaints] [--data-dir DIR]\n       kedang bench --scale large [--data-dir DIR]   generate the 1M-customer data set (≈2M contacts, ≈5M transactions)\n\nScenarios: foundation (start to ready, sign-in, user list, idle RSS); evaluation (quarter opening, ABC, preview at 1M customers; tops up payments once); imports (100,000 customers from xlsx through upload, dry run and commit with RSS; the CLI dry run; export of 100,000 rows as xlsx and csv; ./data-bench-imports); archive (search, lists, detail, create/update, mixed load at 1M customers; needs --scale large once). complaints (200,000 complaints topped up beside the 1M customers: list overdue first for cs_manager, a transition, a year\'s statistics). The benchmark uses its own data directories (./data-bench, ./data-bench-large) and never touches ./data.',
  options: { only: { type: 'string' }, 'data-dir': { type: 'string' }, scale: { type: 'string' } },
  run: async ({ values }) => {
    if (values.scale !== undefined) {
      if (values.scale !== 'large') throw new UsageError(`unknown scale "${String(values.scale)}": use large`);
      const dir = path.resolve(String(values['data-dir'] ?? path.join(repoRoot, 'data-bench-large')));
      console.log(`Generating ${LARGE.customers.toLocaleString()} customers into ${dir}…`);
      const bar = progressBar('customers');
      const r = await generateLarge(dir, (m) => console.log(m), bar.update);
      bar.done();
      console.log(`Generated ${r.customers.toLocaleString()} customers, ${r.contacts.toLocaleString()} contacts, ${r.transactions.toLocaleString()} transactions, ${r.terms.toLocaleString()} search terms in ${r.seconds.toFixed(0)} s.`);
      return 0;
    }
    const only = values.only === undefined ? null : String(values.only);
    if (only !== null && only !== 'foundation' && only !== 'archive' && only !== 'evaluation' && only !== 'imports' && only !== 'complaints') throw new UsageError(`unknown scenario "${only}": use foundation, archive, evaluation, imports or complaints`);
    console.log(`Kedang benchmark — ${new Date().toISOString()} — node ${process.version}\n`);
    const figures = [];
    if (only === null || only === 'foundation') figures.push(...(await benchFoundation(repoRoot, path.join(repoRoot, 'data-bench'))));
    if (only === null || only === 'archive') {
      const large = path.resolve(String(values['data-dir'] ?? path.join(repoRoot, 'data-bench-large')));
      if (largeDataReady(large)) figures.push(...(await benchArchive(repoRoot, large)));
      else console.log(`(archive scenarios skipped: no large data set in ${large}; run \`kedang bench --scale large\` first)\n`);
    }
    if (only === null || only === 'evaluation') {
      const large = path.resolve(String(values['data-dir'] ?? path.join(repoRoot, 'data-bench-large')));
      if (largeDataReady(large)) figures.push(...(await benchEvaluation(repoRoot, large)));
      else console.log(`(evaluation scenarios skipped: no large data set in ${large})\n`);
    }
    if (only === null || only === 'complaints') {
      const large = path.resolve(String(values['data-dir'] ?? path.join(repoRoot, 'data-bench-large')));
      if (largeDataReady(large)) figures.push(...(await benchComplaints(repoRoot, large)));
      else console.log(`(complaint scenarios skipped: no large data set in ${large})\n`);
    }
    if (only === null || only === 'imports') figures.push(...(await benchImports(repoRoot, path.join(repoRoot, 'data-bench-imports'))));
    const ok = report(figures, path.join(repoRoot, 'bench/results'));
    console.log(`\nwritten to bench/results/latest.json${ok ? '' : ' — some targets were missed'}`);
    return 0;
  },
};
