/**
 * SEC-13: the scheduled backup (cron KEDANG_BACKUP_SCHEDULE, Asia/Shanghai, default 03:30) on the
 * pg-boss queue, once across instances: a backup into KEDANG_BACKUP_DIR — encrypted with
 * KEDANG_BACKUP_PASSPHRASE, else with KEDANG_SECRET_KEY when set — then all but the newest
 * KEDANG_BACKUP_KEEP generations removed. Audited as system.backup_created.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type PgBoss from 'pg-boss';
import type { Config } from '../config.js';
import type { DB } from '../db/schema.js';
import { recordAudit } from '../modules/audit/audit.service.js';
import { systemActor } from '../modules/audit/audit.types.js';
import type { KeySource } from '../modules/backup/backup.crypto.js';
import { backupFileName, generationsToDelete } from '../modules/backup/backup.rules.js';
import { createBackup } from '../modules/backup/backup.service.js';

export const backupJobName = 'system-backup';

export const scheduledKey = (config: Config): KeySource | null =>
  config.backupPassphrase ? { kind: 'passphrase', passphrase: config.backupPassphrase } : config.secretKey ? { kind: 'key', key: config.secretKey } : null;

/** One scheduled run: the backup, then the pruning of old generations. A function of (url, db, config, now). */
export async function runScheduledBackup(url: string, db: Kysely<DB>, config: Config, now = new Date()) {
  const key = scheduledKey(config);
  const out = path.join(config.backupDir, backupFileName(now, key !== null));
  const r = await createBackup({ url, storage: config.storage, out, encrypt: key });
  const removed = generationsToDelete(await readdir(config.backupDir), config.backupKeep);
  for (const f of removed) await rm(path.join(config.backupDir, f), { force: true });
  await db.transaction().execute((tx) => recordAudit(tx, { ...systemActor, requestId: 'job:backup' }, { action: 'system.backup_created', data: { file: path.basename(out), bytes: r.bytes, rows: r.rows, files: r.files, encrypted: r.encrypted, removed } }, now));
  return { ...r, removed };
}

export async function registerBackupJob(boss: PgBoss, url: string, db: Kysely<DB>, config: Config, log: (m: string) => void, opts: { schedule?: boolean; pollingIntervalSeconds?: number }) {
  if (!config.backupSchedule) return;
  await boss.createQueue(backupJobName, { name: backupJobName, policy: 'singleton' });
  if (opts.schedule !== false) await boss.schedule(backupJobName, config.backupSchedule, {}, { tz: 'Asia/Shanghai' });
  await boss.work(backupJobName, { pollingIntervalSeconds: opts.pollingIntervalSeconds ?? 30 }, async () => {
    const r = await runScheduledBackup(url, db, config);
    log(`backup written: ${r.file} (${r.bytes} bytes, ${r.removed.length} old generations removed)`);
  });
}
