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
  KEDANG_STORAGE: z.string().optional(),
  KEDANG_UPLOAD_LIMIT_MB: z.coerce.number().int().min(1).max(2048).default(20),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  KEDANG_ADMIN_PASSWORD: z.string().min(1).max(128).optional(),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  NODE_ENV: z.string().default('development'),
  KEDANG_LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100000).default(30),
  KEDANG_SLOW_QUERY_MS: z.coerce.number().int().min(1).default(200),
  KEDANG_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
});

export type Config = {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  secretKey: string | undefined;
  storage: string;
  /** Largest document upload in bytes (ARC-6). */
  uploadLimitBytes: number;
  smtpUrl: string | undefined;
  adminPassword: string | undefined;
  logLevel: (typeof logLevels)[number];
  production: boolean;
  loginRateLimit: number;
  slowQueryMs: number;
  trustProxy: boolean;
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
    storage: c.KEDANG_STORAGE ? path.resolve(cwd, c.KEDANG_STORAGE) : path.join(dataDir, 'storage'),
    uploadLimitBytes: c.KEDANG_UPLOAD_LIMIT_MB * 1024 * 1024,
    smtpUrl: c.SMTP_URL,
    adminPassword: c.KEDANG_ADMIN_PASSWORD,
    logLevel: c.LOG_LEVEL,
    production: c.NODE_ENV === 'production',
    loginRateLimit: c.KEDANG_LOGIN_RATE_LIMIT,
    slowQueryMs: c.KEDANG_SLOW_QUERY_MS,
    trustProxy: c.KEDANG_TRUST_PROXY === 'true',
  };
}
