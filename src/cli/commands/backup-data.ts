/** `kedang backup --out <file>` (SEC-13, PLT-4). */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig, type Config } from '../../server/config.js';
import { recordAudit } from '../../server/modules/audit/audit.service.js';
import { systemActor } from '../../server/modules/audit/audit.types.js';
import type { KeySource } from '../../server/modules/backup/backup.crypto.js';
import { backupFileName } from '../../server/modules/backup/backup.rules.js';
import { createBackup } from '../../server/modules/backup/backup.service.js';
import { UsageError, type Command } from '../args.js';
import { withDatabase } from '../context.js';
import { progressBar } from '../progress.js';

export function passphraseOf(values: Record<string, string | boolean | undefined>, config: Config): string | null {
  const file = values['passphrase-file'];
  if (typeof file === 'string') {
    if (!existsSync(file)) throw new UsageError(`--passphrase-file: no such file ${file}`);
    const p = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    if (p.length < 12) throw new UsageError('--passphrase-file: the passphrase must be at least 12 characters');
    return p;
  }
  return config.backupPassphrase ?? null;
}

export const backupCommand: Command = {
  name: 'backup',
  summary: 'Write a consistent, compressed backup of the database and the document storage while the system runs.',
  usage: [
    'kedang backup [--out FILE] [--encrypt none|passphrase|key] [--passphrase-file FILE]',
    '',
    'Default file: KEDANG_BACKUP_DIR/kedang-backup-<time>.tar.gz (.kdbk when encrypted).',
    '--encrypt passphrase: AES-256-GCM with the passphrase of --passphrase-file or KEDANG_BACKUP_PASSPHRASE',
    '--encrypt key: AES-256-GCM with KEDANG_SECRET_KEY. Default: passphrase when one is configured, else none.',
    'A plain backup is an ordinary .tar.gz (manifest.json, db/<table>.NNNNN in COPY text form, storage/…, checksums.json).',
  ].join('\n'),
  options: { out: { type: 'string' }, encrypt: { type: 'string' }, 'passphrase-file': { type: 'string' } },
  run: async ({ values, positionals }) => {
    if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const config = loadConfig();
    const passphrase = passphraseOf(values, config);
    const mode = (values.encrypt as string | undefined) ?? (passphrase ? 'passphrase' : 'none');
    let key: KeySource | null = null;
    if (mode === 'passphrase') {
      if (!passphrase) throw new UsageError('--encrypt passphrase needs --passphrase-file or KEDANG_BACKUP_PASSPHRASE');
      key = { kind: 'passphrase', passphrase };
    } else if (mode === 'key') {
      if (!config.secretKey) throw new UsageError('--encrypt key needs KEDANG_SECRET_KEY');
      key = { kind: 'key', key: config.secretKey };
    } else if (mode !== 'none') throw new UsageError('--encrypt must be none, passphrase or key');
    const out = typeof values.out === 'string' ? path.resolve(values.out) : path.join(config.backupDir, backupFileName(new Date(), key !== null));
    return withDatabase(async ({ db }, url) => {
      const bar = progressBar('backup');
      const r = await createBackup({ url, storage: config.storage, out, encrypt: key, onProgress: (_s, d, t) => bar.update(d, t) });
      bar.done();
      await db.transaction().execute((tx) => recordAudit(tx, { ...systemActor, requestId: 'cli' }, { action: 'system.backup_created', data: { file: path.basename(out), bytes: r.bytes, rows: r.rows, files: r.files, encrypted: r.encrypted } }));
      console.log(`backup written to ${out}: ${r.tables} tables, ${r.rows.toLocaleString()} rows, ${r.files} files, ${(r.bytes / 1048576).toFixed(1)} MB${r.encrypted ? ', encrypted' : ''}`);
      return 0;
    }, { bootstrap: false });
  },
};
