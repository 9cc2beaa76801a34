/**
 * PostgreSQL sized to the machine (issue 12 item 2, PLT-7): the embedded cluster is started with
 * these settings at every start — by `npm start`, by the benchmark's server and by its generator
 * alike — so the published figures are what users get. Pure: the machine is a parameter.
 * With DATABASE_URL nothing is changed; `externalSettingWarnings` only says what looks far off.
 */

export type Machine = {
  /** Memory available to this machine or container, in bytes. */
  memoryBytes: number;
  /** CPU cores available. */
  cores: number;
  /** Whether the data directory is on a solid-state disk (random reads cost about as much as sequential ones). */
  ssd: boolean;
  /** The operating system (process.platform); prefetching (effective_io_concurrency) exists on Linux only. */
  platform?: string;
};

const MB = 1024 * 1024;
const GB = 1024 * MB;
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** PostgreSQL's memory notation, in whole megabytes (or gigabytes when exact). */
export function pgMemory(bytes: number): string {
  const mb = Math.max(1, Math.floor(bytes / MB));
  return mb % 1024 === 0 ? `${mb / 1024}GB` : `${mb}MB`;
}

/** Connections the embedded cluster accepts (the application pool, jobs, CLI runs, a second instance). */
export const EMBEDDED_MAX_CONNECTIONS = 200;

/**
 * Settings for a machine. Bounds: shared buffers a quarter of memory between 32 MB and 8 GB; the
 * planner's cache estimate half of memory (the application and the page cache share the rest);
 * work memory what is left after shared buffers spread over three sorts per connection, between
 * 4 and 64 MB; maintenance memory a sixteenth between 64 MB and 1 GB; WAL 1 GB below 4 GB of
 * memory, else 4 GB; SSD page costs; one parallel worker per two cores (at most 4 per query).
 * `overrides` (KEDANG_PG_SETTINGS) win over every computed value.
 */
export function sizeCluster(m: Machine, overrides: Readonly<Record<string, string>> = {}): Record<string, string> {
  const mem = Math.max(m.memoryBytes, 256 * MB);
  const cores = Math.max(1, Math.floor(m.cores));
  const shared = clamp(mem / 4, 32 * MB, 8 * GB);
  const work = clamp((mem - shared) / (EMBEDDED_MAX_CONNECTIONS * 3), 4 * MB, 64 * MB);
  const halfCores = Math.max(1, Math.floor(cores / 2));
  return {
    shared_buffers: pgMemory(shared),
    effective_cache_size: pgMemory(clamp(mem / 2, 128 * MB, 64 * GB)),
    work_mem: pgMemory(work),
    maintenance_work_mem: pgMemory(clamp(mem / 16, 64 * MB, GB)),
    max_wal_size: mem < 4 * GB ? '1GB' : '4GB',
    min_wal_size: mem < 4 * GB ? '80MB' : '256MB',
    checkpoint_completion_target: '0.9',
    random_page_cost: m.ssd ? '1.1' : '4',
    // PostgreSQL refuses any value but 0 where posix_fadvise is missing (macOS, Windows)
    ...((m.platform ?? 'linux') === 'linux' ? { effective_io_concurrency: m.ssd ? '200' : '2' } : {}),
    max_worker_processes: String(Math.max(8, cores)),
    max_parallel_workers: String(cores),
    max_parallel_workers_per_gather: String(cores >= 2 ? Math.min(4, halfCores) : 0),
    max_parallel_maintenance_workers: String(Math.min(4, halfCores)),
    ...overrides,
  };
}

/** One line for the start-up log: the machine and what it was given. */
export function describeSizing(m: Machine, s: Record<string, string>): string {
  const keys = ['shared_buffers', 'effective_cache_size', 'work_mem', 'maintenance_work_mem', 'max_wal_size', 'random_page_cost', 'max_parallel_workers_per_gather'];
  return `PostgreSQL sized for ${(m.memoryBytes / GB).toFixed(1)} GB memory, ${m.cores} cores${m.ssd ? ', SSD' : ''}: ${keys.map((k) => `${k}=${s[k]}`).join(' ')}`;
}

/** Bytes of a PostgreSQL memory setting as pg_settings gives it (setting × unit). */
export function settingBytes(setting: string, unit: string | null): number {
  const n = Number(setting);
  const units: Record<string, number> = { B: 1, kB: 1024, '8kB': 8192, MB, '16MB': 16 * MB, GB };
  return n * (unit ? (units[unit] ?? 1) : 1);
}

/**
 * Warnings for an external PostgreSQL (DATABASE_URL) whose settings are far from what the data
 * needs — never a change. `current` holds bytes for memory settings and numbers otherwise.
 * "Far" is a factor of 8 below what the data size calls for (capped where more stops helping).
 */
export function externalSettingWarnings(current: { shared_buffers: number; effective_cache_size: number; work_mem: number; max_connections: number }, dataBytes: number, poolSize: number): string[] {
  const out: string[] = [];
  const wantShared = Math.min(dataBytes, 8 * GB) / 4;
  if (current.shared_buffers * 8 < wantShared) out.push(`shared_buffers is ${pgMemory(current.shared_buffers)} for ${pgMemory(dataBytes)} of data; about ${pgMemory(wantShared)} (or 25 % of the server's memory) would keep the working set cached`);
  const wantCache = Math.min(dataBytes, 16 * GB);
  if (current.effective_cache_size * 8 < wantCache) out.push(`effective_cache_size is ${pgMemory(current.effective_cache_size)} for ${pgMemory(dataBytes)} of data; the planner will avoid index scans it could afford (set it to about half the server's memory)`);
  if (current.work_mem < 2 * MB) out.push(`work_mem is ${pgMemory(current.work_mem)}; sorts of list pages and reports will spill to disk (4 MB or more)`);
  if (current.max_connections < poolSize + 10) out.push(`max_connections is ${current.max_connections}; one instance's pool alone uses up to ${poolSize}, and jobs and other instances need more`);
  return out;
}
