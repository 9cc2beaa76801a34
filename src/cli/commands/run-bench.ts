import path from 'node:path';
import { benchFoundation } from '../../../bench/foundation.js';
import { report } from '../../../bench/harness.js';
import { repoRoot } from '../../server/main.js';
import { UsageError, type Command } from '../args.js';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'Run the benchmark: prints each figure beside its target and writes bench/results/latest.json.',
  usage: 'kedang bench [--only foundation] [--data-dir DIR]\n\nScenarios: foundation (start to ready, sign-in, user list, idle RSS). The benchmark uses its own data directory (default ./data-bench) and never touches ./data.',
  options: { only: { type: 'string' }, 'data-dir': { type: 'string' } },
  run: async ({ values }) => {
    const only = values.only ?? 'foundation';
    if (only !== 'foundation') throw new UsageError(`unknown scenario "${String(only)}": use foundation`);
    const dataDir = path.resolve(String(values['data-dir'] ?? path.join(repoRoot, 'data-bench')));
    console.log(`Kedang benchmark — ${new Date().toISOString()} — node ${process.version}\n`);
    const figures = await benchFoundation(repoRoot, dataDir);
    const ok = report(figures, path.join(repoRoot, 'bench/results'));
    console.log(`\nwritten to bench/results/latest.json${ok ? '' : ' — some targets were missed'}`);
    return 0;
  },
};
