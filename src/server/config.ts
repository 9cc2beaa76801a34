/**
 * The only reader of process.env (PLT-5). Values come from the environment, then from an
 * optional kedang.config.json in the working directory; every bad value is listed at once.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  KEDANG_DATA_DIR: z.string().default('./data'),
  KEDANG_SECRET_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/=_-]{32,}$/, 'must be at least 32 base64 characters')
    .optional(),
  KEDANG_SECRET_KEY_PREVIOUS: z
    .string()
    .regex(/^[A-Za-z0-9+/=_-]{32,}(,[A-Za-z0-9+/=_-]{32,})*$/, 'must be comma-separated keys of at least 32 base64 characters')
    .optional(),
  KEDANG_STORAGE: z.string().optional(),
  KEDANG_DOCUMENT_STORE: z.enum(['directory', 'postgres']).default('directory'),
  KEDANG_UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(2048).default(20),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  KEDANG_ADMIN_PASSWORD: z.string().min(1).max(128).optional(),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  NODE_ENV: z.string().default('development'),
  KEDANG_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100000).default(30),
  KEDANG_SLOW_QUERY_MS: z.coerce.number().int().min(1).default(200),
  KEDANG_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').max(256).optional(),
  KEDANG_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  KEDANG_PREPARED_STATEMENTS: z.enum(['on', 'off']).default('on'),
  KEDANG_IMPORT_MAX_ROWS: z.coerce.number().int().min(1).max(10_000_000).default(200_000),
  KEDANG_IMPORT_MAX_MB: z.coerce.number().int().min(1).max(10_000).default(100),
  KEDANG_IMPORT_MAX_UNZIPPED_MB: z.coerce.number().int().min(1).max(100_000).default(1024),
  KEDANG_BACKUP_DIR: z.string().optional(),
  KEDANG_BACKUP_SCHEDULE: z
    .string()
    .regex(/^(off|(\S+\s+){4}\S+)$/, 'must be a cron expression with 5 fields, or off')
    .default('30 3 * * *'),
  KEDANG_BACKUP_KEEP: z.coerce.number().int().min(1).max(1000).default(7),
  KEDANG_BACKUP_PASSPHRASE: z.string().min(12, 'must be at least 12 characters').max(1024).optional(),
  KEDANG_PG_SETTINGS: z
    .string()
    .regex(/^([a-z_]+=[A-Za-z0-9._-]+)(\s*,\s*[a-z_]+=[A-Za-z0-9._-]+)*$/, 'must be name=value pairs separated by commas, e.g. shared_buffers=2GB,work_mem=16MB')
    .optional(),
  // PLT-7: the embedded cluster's backends as batch tasks (db/pg-scheduling.ts); `normal` leaves the default
  KEDANG_PG_SCHEDULING: z.enum(['batch', 'normal']).default('batch'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  secretKey: string | undefined;
  /** Keys personal data was encrypted with before a rotation (SEC-12), still accepted for reading. */
  previousSecretKeys: string[];
  storage: string;
  /** Where document content lives: the storage directory (default), or PostgreSQL for several instances without a shared disk. */
  documentStore: 'directory' | 'postgres';
  /** Largest document upload in bytes (ARC-6). */
  uploadLimitBytes: number;
  smtpUrl: string | undefined;
  adminPassword: string | undefined;
  logLevel: (typeof logLevels)[number];
  production: boolean;
  loginRateLimit: number;
  slowQueryMs: number;
  /** Repeated statements run as named prepared statements (PLT-7); off behind a pooler that cannot keep them. */
  preparedStatements: boolean;
  /** When set, GET /metrics requires `Authorization: Bearer <token>` (PLT-6). */
  metricsToken: string | undefined;
  trustProxy: boolean;
  /** Imports (ARC-12): at most this many data rows, this many bytes uploaded, this much unzipped. */
  importMaxRows: number;
  importMaxBytes: number;
  importMaxUnzippedBytes: number;
  /** Backups (SEC-13): where scheduled backups go, when (cron, Asia/Shanghai; null = off), how many are kept, and the passphrase that encrypts them. */
  backupDir: string;
  backupSchedule: string | null;
  backupKeep: number;
  backupPassphrase: string | undefined;
  /** Embedded PostgreSQL settings that replace the ones sized from the machine (issue 12 item 2). */
  pgSettings: Record<string, string>;
  pgScheduling: 'batch' | 'normal';
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates configuration; throws ConfigError naming every bad value. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const file = path.join(cwd, 'kedang.config.json');
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      fromFile = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError([`kedang.config.json: ${(e as Error).message}`]);
    }
  }
  const raw: Record<string, unknown> = { ...fromFile };
  for (const key of Object.keys(configSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const c = parsed.data;
  const dataDir = path.resolve(cwd, c.KEDANG_DATA_DIR);
  return {
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    dataDir,
    secretKey: c.KEDANG_SECRET_KEY,
    previousSecretKeys: c.KEDANG_SECRET_KEY_PREVIOUS ? c.KEDANG_SECRET_KEY_PREVIOUS.split(',') : [],
    storage: c.KEDANG_STORAGE ? path.resolve(cwd, c.KEDANG_STORAGE) : path.join(dataDir, 'storage'),
    documentStore: c.KEDANG_DOCUMENT_STORE,
    uploadLimitBytes: c.KEDANG_UPLOAD_LIMIT_MB * 1024 * 1024,
    smtpUrl: c.SMTP_URL,
    adminPassword: c.KEDANG_ADMIN_PASSWORD,
    logLevel: c.LOG_LEVEL,
    production: c.NODE_ENV === 'production',
    loginRateLimit: c.KEDANG_LOGIN_RATE_LIMIT,
    slowQueryMs: c.KEDANG_SLOW_QUERY_MS,
    preparedStatements: c.KEDANG_PREPARED_STATEMENTS === 'on',
    metricsToken: c.KEDANG_METRICS_TOKEN,
    trustProxy: c.KEDANG_TRUST_PROXY === 'true',
    importMaxRows: c.KEDANG_IMPORT_MAX_ROWS,
    importMaxBytes: c.KEDANG_IMPORT_MAX_MB * 1024 * 1024,
    importMaxUnzippedBytes: c.KEDANG_IMPORT_MAX_UNZIPPED_MB * 1024 * 1024,
    backupDir: c.KEDANG_BACKUP_DIR ? path.resolve(cwd, c.KEDANG_BACKUP_DIR) : path.join(dataDir, 'backups'),
    backupSchedule: c.KEDANG_BACKUP_SCHEDULE === 'off' ? null : c.KEDANG_BACKUP_SCHEDULE,
    backupKeep: c.KEDANG_BACKUP_KEEP,
    backupPassphrase: c.KEDANG_BACKUP_PASSPHRASE,
    pgSettings: Object.fromEntries((c.KEDANG_PG_SETTINGS ?? '').split(',').filter((p) => p.trim()).map((p) => p.trim().split('=') as [string, string])),
    pgScheduling: c.KEDANG_PG_SCHEDULING,
  };
}
