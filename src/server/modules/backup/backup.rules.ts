/**
 * Backup rules (SEC-13), pure: names of backup files, which generations a scheduled backup
 * removes, and which tar entry names a restore accepts (no absolute paths, no `..`).
 */
export const BACKUP_PREFIX = 'kedang-backup-';

/** `kedang-backup-20260301-033000.tar.gz` (plain) or `….kdbk` (encrypted), UTC. */
export function backupFileName(at: Date, encrypted: boolean): string {
  const s = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${BACKUP_PREFIX}${s}${encrypted ? '.kdbk' : '.tar.gz'}`;
}

const generation = /^kedang-backup-\d{8}-\d{6}\.(tar\.gz|kdbk)$/;

/** The backup files to delete so that the newest `keep` generations remain; other files are never touched. */
export function generationsToDelete(files: readonly string[], keep: number): string[] {
  const ours = files.filter((f) => generation.test(f)).sort();
  return ours.slice(0, Math.max(0, ours.length - Math.max(1, keep)));
}

/** The relative storage path of a tar entry `storage/<path>`, or null if the name is not a safe one. */
export function storagePathOf(entryName: string): string | null {
  if (!entryName.startsWith('storage/')) return null;
  const rel = entryName.slice('storage/'.length);
  if (!rel || rel.includes('\0') || rel.includes('\\') || rel.startsWith('/')) return null;
  const parts = rel.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) return null;
  return rel;
}
