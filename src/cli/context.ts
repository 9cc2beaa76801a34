/** Opens configuration and the database for a command, and closes them after. */
import { loadConfig } from '../server/config.js';
import { connectDatabase, type Database } from '../server/db/connect.js';
import { migrate } from '../server/db/migrate.js';
import { bootstrapAdministrator, openDatabase } from '../server/main.js';
import { loadKeyring, useKeyring } from '../server/modules/privacy/keyring.js';

export async function withDatabase<T>(fn: (database: Database, url: string) => Promise<T>, opts: { migrate?: boolean; bootstrap?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  useKeyring(loadKeyring(config)); // commands that write contacts seal personal data (SEC-12)
  const handle = await openDatabase(config, (m) => console.error(m));
  try {
    if (opts.migrate !== false) await migrate(handle.url);
    const database = connectDatabase(handle.url, { max: 4 });
    try {
      if (opts.bootstrap) await bootstrapAdministrator(database, config, (m) => console.log(m));
      return await fn(database, handle.url);
    } finally {
      await database.close();
    }
  } finally {
    await handle.embedded?.stop();
  }
}
