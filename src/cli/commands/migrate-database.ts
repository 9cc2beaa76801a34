import type { Command } from '../args.js';
import { withDatabase } from '../context.js';
import { migrate } from '../../server/db/migrate.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Apply pending database migrations (they also run on every start).',
  usage: 'kedang migrate',
  run: async () =>
    withDatabase(
      async (_db, url) => {
        const applied = await migrate(url, (m) => console.log(m));
        console.log(applied.length ? `${applied.length} migration(s) applied.` : 'The database is up to date.');
        return 0;
      },
      { migrate: false },
    ),
};
