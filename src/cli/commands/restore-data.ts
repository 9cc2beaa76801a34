/** `kedang restore <file>` (SEC-13, PLT-4): into the configured data directory or DATABASE_URL. */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../server/config.js';
import { recordAudit } from '../../server/modules/audit/audit.service.js';
import { systemActor } from '../../server/modules/audit/audit.types.js';
import { BackupError, restoreBackup } from '../../server/modules/backup/backup.service.js';
import { loadKeyring } from '../../server/modules/privacy/keyring.js';
import { UsageError, type Command } from '../args.js';
import { withDatabase } from '../context.js';
import { progressBar } from '../progress.js';
import { passphraseOf } from './backup-data.js';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'Rebuild a system from a backup, into the configured data directory or DATABASE_URL.',
  usage: [
    'kedang restore <file> [--force] [--passphrase-file FILE]',
    '',
    'Refuses a target that already holds data unless --force (which replaces it), and a database the server is using.',
    'Everything is restored in one transaction and checked against the backup\'s checksums; the document storage',
    '(KEDANG_STORAGE) is replaced after the database commit. An encrypted backup needs its passphrase',
    '(--passphrase-file or KEDANG_BACKUP_PASSPHRASE) or KEDANG_SECRET_KEY.',
  ].join('\n'),
  options: { force: { type: 'boolean' }, 'passphrase-file': { type: 'string' } },
  run: async ({ values, positionals }) => {
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('give exactly one backup file');
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
    const config = loadConfig();
    const passphrase = passphraseOf(values, config);
    return withDatabase(async ({ db }, url) => {
      const bar = progressBar('restore');
      try {
        const r = await restoreBackup({
          url,
          storage: config.storage,
          file,
          force: values.force === true,
          // the keys the restored system will hold: a backup sealed with another is refused (SEC-12)
          keyIds: [...loadKeyring(config).keys.keys()],
          key: (mode) => (mode === 'passphrase' ? (passphrase ? { kind: 'passphrase', passphrase } : null) : config.secretKey ? { kind: 'key', key: config.secretKey } : null),
          onProgress: (_s, d, t) => bar.update(d, t),
        });
        bar.done();
        await db.transaction().execute((tx) => recordAudit(tx, { ...systemActor, requestId: 'cli' }, { action: 'system.restored', data: { file: path.basename(file), tables: r.tables, rows: r.rows, files: r.files, migrationsApplied: r.migrationsApplied } }));
        console.log(`restored ${r.tables} tables (${r.rows.toLocaleString()} rows) and ${r.files} files${r.migrationsApplied.length ? `; then applied ${r.migrationsApplied.join(', ')}` : ''}`);
        return 0;
      } catch (e) {
        bar.done();
        if (e instanceof BackupError) return (console.error(`kedang restore: ${e.message}`), 1);
        throw e;
      }
    }, { migrate: false });
  },
};
