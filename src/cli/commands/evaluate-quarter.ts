import { systemActor } from '../../server/modules/audit/audit.types.js';
import { runAbc } from '../../server/modules/evaluation/abc.service.js';
import { parseQuarter, previousQuarter, quarterAt } from '../../server/modules/evaluation/indicators.rules.js';
import { openRound } from '../../server/modules/evaluation/rounds.service.js';
import { UsageError, type Command } from '../args.js';
import { withDatabase } from '../context.js';
import { progressBar } from '../progress.js';

export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: 'Open the quarterly credit evaluation (EVA-4): one evaluation per active customer with the computed indicators.',
  usage: 'kedang evaluate [--quarter 2026Q3] [--batch 20000]\n\nWithout --quarter: the previous quarter (what the scheduled job opens at each quarter start).\nIdempotent and resumable: a run that was stopped continues where it stopped; nothing is opened twice.',
  options: { quarter: { type: 'string' }, batch: { type: 'string' } },
  run: async ({ values }) => {
    const quarter = values.quarter === undefined ? previousQuarter(quarterAt(new Date())).key : String(values.quarter);
    if (!parseQuarter(quarter)) throw new UsageError(`--quarter must look like 2026Q3, not "${quarter}"`);
    const batch = values.batch === undefined ? 20_000 : Number(values.batch);
    if (!Number.isInteger(batch) || batch < 1 || batch > 200_000) throw new UsageError('--batch must be a whole number from 1 to 200000');
    return withDatabase(async ({ db }) => {
      const t0 = Date.now();
      const bar = progressBar(`evaluate ${quarter}`);
      const r = await openRound(db, quarter, { ...systemActor, requestId: 'cli:evaluate' }, { batchSize: batch, onProgress: bar.update });
      bar.done();
      console.log(`${quarter}: ${r.opened.toLocaleString()} evaluations opened now, ${r.total.toLocaleString()} in the round, in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);
      return 0;
    });
  },
};

export const classifyCommand: Command = {
  name: 'classify',
  summary: 'Recompute the ABC classes of every customer now (EVA-7); approved overrides stay.',
  usage: 'kedang classify\n\nA 20 / 40 / 40 split by count of a composite of strength, deal likelihood and region weight; ties by archive number. Also runs monthly.',
  run: async () =>
    withDatabase(async ({ db }) => {
      const t0 = Date.now();
      const r = await runAbc(db, { ...systemActor, requestId: 'cli:classify' });
      console.log(`Classified ${r.total.toLocaleString()} customers in ${((Date.now() - t0) / 1000).toFixed(1)} s: A ${r.counts.A}, B ${r.counts.B}, C ${r.counts.C}; ${r.changed} changed, ${r.overridden} overridden.`);
      return 0;
    }),
};
