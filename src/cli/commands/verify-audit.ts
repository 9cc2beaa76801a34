import { verifyAuditChain } from '../../server/modules/audit/audit.service.js';
import { UsageError, type Command } from '../args.js';
import { withDatabase } from '../context.js';

export const auditCommand: Command = {
  name: 'audit',
  summary: 'Check the audit trail: every row\'s hash must chain to the previous row. Exits 1 naming the first altered or missing row.',
  usage: 'kedang audit verify',
  run: async ({ positionals }) => {
    if (positionals[0] !== 'verify') throw new UsageError(`unknown subcommand "${positionals[0] ?? ''}": use verify`);
    return withDatabase(async ({ db }) => {
      const r = await verifyAuditChain(db, (n) => process.stderr.write(`\rchecked ${n} events`));
      process.stderr.write('\n');
      if (r.firstBreak) {
        console.error(`audit chain broken at event ${r.firstBreak.id}: ${r.firstBreak.reason === 'gap' ? 'a row before it was removed or reordered' : 'its content was altered'} (${r.checked} events before it are intact)`);
        return 1;
      }
      console.log(`audit chain intact: ${r.checked} events`);
      return 0;
    });
  },
};
