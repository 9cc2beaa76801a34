import path from 'node:path';
import { benchFoundation } from '../../../bench/foundation.js';
import { benchImports } from '../../../bench/imports.js';
import { benchArchive } from '../../../bench/archive.js';
import { benchEvaluation } from '../../../bench/evaluation.js';
import { benchRelations } from '../../../bench/relations.js';
import { benchComplaints } from '../../../bench/complaints.js';
import { benchTargets } from '../../../bench/targets-progress.js';
import { benchSales } from '../../../bench/sales.js';
import { generateLarge, LARGE, largeDataReady } from '../../../bench/large.js';
import { progressBar } from '../progress.js';
import { report, type Figure } from '../../../bench/harness.js';
import { repoRoot } from '../../server/main.js';
import { UsageError, type Command } from '../args.js';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'Run the benchmark: prints each figure beside its target and writes bench/results/latest.json.',
  usage: 'kedang bench [--only foundation|archive|evaluation|imports|relations|complaints|targets|sales] [--data-dir DIR]\n       kedang bench --scale large [--customers N] [--data-dir DIR]   generate the 1M-customer data set (≈2M contacts, ≈5M transactions; --customers for a smaller one)\n\nScenarios: foundation (start to ready, sign-in, user list, idle RSS); evaluation (quarter opening, ABC, preview at 1M customers; tops up payments once); imports (100,000 customers from xlsx through upload, dry run and commit with RSS; the CLI dry run; export of 100,000 rows as xlsx and csv; ./data-bench-imports); archive (search, lists, detail, create/update, mixed load at 1M customers; needs --scale large once); relations (contact overview, logging a communication, the reminder job at 1M customers; removes the reminders it made); complaints; targets (a department’s target progress, board and survey results, the see-all readers’ survey results of 30 days, 50 concurrent point redemptions on one customer); sales (each composition over a year of 5M transactions for the gm and a sales rep, the receivables aging summary, each role’s dashboard and home page first-paint data; tops up one product line per transaction once). The benchmark uses its own data directories (./data-bench, ./data-bench-large) and never touches ./data.',
  options: { only: { type: 'string' }, 'data-dir': { type: 'string' }, scale: { type: 'string' }, customers: { type: 'string' } },
  run: async ({ values }) => {
    if (values.scale !== undefined) {
      if (values.scale !== 'large') throw new UsageError(`unknown scale "${String(values.scale)}": use large`);
      const customers = values.customers === undefined ? LARGE.customers : Number(values.customers);
      if (!Number.isInteger(customers) || customers < 1 || customers > 10_000_000) throw new UsageError(`--customers must be a whole number from 1 to 10,000,000`);
      const dir = path.resolve(String(values['data-dir'] ?? path.join(repoRoot, 'data-bench-large')));
      console.log(`Generating ${customers.toLocaleString()} customers into ${dir}…`);
      const bar = progressBar('customers');
      const r = await generateLarge(dir, (m) => console.log(m), bar.update, customers);
      bar.done();
      console.log(`Generated ${r.customers.toLocaleString()} customers, ${r.contacts.toLocaleString()} contacts, ${r.transactions.toLocaleString()} transactions, ${r.terms.toLocaleString()} search terms in ${r.seconds.toFixed(0)} s.`);
      return 0;
    }
    const only = values.only === undefined ? null : String(values.only);
    if (only !== null && only !== 'foundation' && only !== 'archive' && only !== 'evaluation' && only !== 'imports' && only !== 'relations' && only !== 'complaints' && only !== 'targets' && only !== 'sales') throw new UsageError(`unknown scenario "${only}": use foundation, archive, evaluation, imports, relations, complaints, targets or sales`);
    console.log(`Kedang benchmark — ${new Date().toISOString()} — node ${process.version}\n`);
    const figures: Figure[] = [];
    const large = path.resolve(String(values['data-dir'] ?? path.join(repoRoot, 'data-bench-large')));
    const haveLarge = () => largeDataReady(large, values['data-dir'] !== undefined);
    // each scenario's figures are printed as soon as it ends (a whole run at 1M takes the better part of an hour)
    const scenario = async (name: NonNullable<typeof only>, run: () => Promise<Figure[]>, needsLarge = true) => {
      if (only !== null && only !== name) return;
      if (needsLarge && !haveLarge()) {
        console.log(`(${name} scenarios skipped: no large data set in ${large}; run \`kedang bench --scale large\` first)\n`);
        return;
      }
      const t0 = performance.now();
      let got: Figure[];
      try {
        got = await run();
      } catch (e) {
        // one scenario's failure is a failed figure, not the end of the run: the others still measure
        console.error(e);
        got = [{ name: `${name} scenario`, value: (performance.now() - t0) / 1000, unit: 's', target: 0, better: 'lower', invalid: `failed: ${e instanceof Error ? e.message : String(e)}` }];
      }
      figures.push(...got);
      console.log(`— ${name} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
      for (const f of got) console.log(`  ${f.name}: ${Math.round(f.value * 10) / 10} ${f.unit} (target ${f.better === 'lower' ? '≤' : '≥'} ${f.target}${f.note ? `; ${f.note}` : ''}${f.invalid ? `; INVALID: ${f.invalid}` : ''})`);
    };
    await scenario('foundation', () => benchFoundation(repoRoot, path.join(repoRoot, 'data-bench')), false);
    await scenario('archive', () => benchArchive(repoRoot, large));
    await scenario('evaluation', () => benchEvaluation(repoRoot, large));
    await scenario('relations', () => benchRelations(repoRoot, large));
    await scenario('complaints', () => benchComplaints(repoRoot, large));
    await scenario('targets', () => benchTargets(repoRoot, large));
    await scenario('sales', () => benchSales(repoRoot, large));
    await scenario('imports', () => benchImports(repoRoot, path.join(repoRoot, 'data-bench-imports')), false);
    const ok = report(figures, path.join(repoRoot, 'bench/results'));
    console.log(`\nwritten to bench/results/latest.json${ok ? '' : ' — some targets were missed'}`);
    // a figure that did not measure what it names (e.g. searches that found nothing) fails the run
    const invalid = figures.filter((f) => f.invalid);
    for (const f of invalid) console.error(`invalid figure "${f.name}": ${f.invalid}`);
    return invalid.length ? 1 : 0;
  },
};
