/** `kedang export customers --format xlsx|csv [filters] [--out file]` (ARC-12, PLT-4). */
import { createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { customerExportQuery } from '../../contract/exports.routes.js';
import { AppError } from '../../server/http/errors.js';
import { systemActor } from '../../server/modules/audit/audit.types.js';
import { exportCustomers } from '../../server/modules/exports/exports.service.js';
import { UsageError, type Command } from '../args.js';
import { withDatabase } from '../context.js';
import { principalOf, systemPrincipal } from './import-file.js';

const filterKeys = Object.keys(customerExportQuery.shape).filter((k) => k !== 'format');

export const exportCommand: Command = {
  name: 'export',
  summary: 'Export the customer list (with the filters of GET /customers) to .xlsx or .csv.',
  usage: [
    'kedang export customers [--format xlsx|csv] [--out FILE] [--user NAME] [--q TEXT] [--columns archiveNo,name,…] [--<filter> VALUE …]',
    '',
    `Filters (as in GET /api/v1/customers): ${filterKeys.filter((k) => k !== 'columns' && k !== 'q').join(', ')}`,
    'Only archives that may be exported are written (confidential and top-secret ones never); with --user, that user\'s',
    'visibility and field groups apply. Default file: 客户档案-<date>.<format> in the current directory.',
  ].join('\n'),
  options: {
    format: { type: 'string' },
    out: { type: 'string' },
    user: { type: 'string' },
    ...Object.fromEntries(filterKeys.map((k) => [k, { type: 'string' as const }])),
  },
  run: async ({ values, positionals }) => {
    if (positionals[0] !== 'customers' || positionals.length > 1) throw new UsageError('say what to export: kedang export customers');
    const { out, user, ...rest } = values;
    const parsed = customerExportQuery.safeParse(Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && v !== false)));
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0] ?? '')}: ${i.message}`).join('\n'));
    const q = parsed.data;
    return withDatabase(async ({ db }) => {
      const principal = user ? await principalOf(db, String(user)) : systemPrincipal;
      try {
        const f = await exportCustomers(db, principal, q, { ...systemActor, userId: user ? principal.userId : null, requestId: 'cli' });
        const target = out ? String(out) : f.filename;
        let bytes = 0;
        const t0 = Date.now();
        const meter = new Transform({
          transform(chunk: Buffer, _e, cb) {
            bytes += chunk.length;
            if (process.stderr.isTTY) process.stderr.write(`\rwriting ${(bytes / 1048576).toFixed(1)} MB, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
            cb(null, chunk);
          },
        });
        await pipeline(f.stream, meter, createWriteStream(target));
        const rows = await f.done;
        if (process.stderr.isTTY) process.stderr.write('\n');
        console.log(`exported ${rows} customers to ${target}`);
        return 0;
      } catch (e) {
        if (e instanceof AppError) return (console.error(`kedang export: ${e.message}`), e.code === 'validation_failed' ? 2 : 1);
        throw e;
      }
    });
  },
};
