import { DEMO_PASSWORD, loadDemo } from '../../server/seed/demo.js';
import type { Command } from '../args.js';
import { withDatabase } from '../context.js';
import { progressBar } from '../progress.js';

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Load the demo company: departments, users of every role, 2,000 customers with contacts and three years of transactions, complaints and service requests, and every programme and sales module (opportunities, contracts, receivables, surveys, points, boards, targets, training).',
  usage: `kedang demo\n\nEvery demo user signs in with the password ${DEMO_PASSWORD} (e.g. li.xiaoshou for sales, zheng.kefu for customer service, zhang.zong for the general manager). Runs once; a second run changes nothing.`,
  run: async () =>
    withDatabase(async ({ db, pool }) => {
      const t0 = Date.now();
      const bar = progressBar('customers');
      const client = await pool.connect();
      try {
        const result = await loadDemo(db, client, bar.update);
        bar.done();
        if (!result) {
          console.log('The demo company is already loaded.');
          return 0;
        }
        console.log(`Demo loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${result.customers} customers, ${result.contacts} contacts, ${result.transactions} transactions, ${result.communications} communications (${result.checkIns} check-ins), ${result.revisits} revisit reports, ${result.tasks} tasks, ${result.complaints} complaints, ${result.serviceRequests} service requests.`);
        const p = result.programmes;
        console.log(`Programmes: ${p.opportunities} opportunities, ${p.contracts} contracts (${p.overdueInstalments} instalments overdue), ${p.contractTemplates} contract templates, ${p.surveys} surveys, ${p.pointsEntries} points entries, ${p.boardCards} board cards, ${p.targets} targets, ${p.trainingSessions} training sessions.`);
        console.log(`Sign in as li.xiaoshou (sales), zheng.kefu (customer service), wang.jingli (marketing manager), zhang.zong (general manager)… with the password ${DEMO_PASSWORD}.`);
        return 0;
      } finally {
        client.release();
      }
    }, { bootstrap: true }),
};
