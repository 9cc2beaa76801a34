import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { externalSettingWarnings, pgMemory, settingBytes, sizeCluster } from './sizing.js';

const MB = 1024 * 1024;
const GB = 1024 * MB;
const bytes = (v: string) => Number(/^(\d+)/.exec(v)![1]) * (v.endsWith('GB') ? GB : MB);

describe('PLT-7 the embedded PostgreSQL is sized from the machine (issue 12 item 2)', () => {
  it.each([
    // memory, cores, shared_buffers, effective_cache_size, work_mem, maintenance_work_mem, max_wal_size, per gather
    [512 * MB, 1, '128MB', '256MB', '4MB', '64MB', '1GB', '0'],
    [2 * GB, 2, '512MB', '1GB', '4MB', '128MB', '1GB', '1'],
    [4 * GB, 2, '1GB', '2GB', '5MB', '256MB', '4GB', '1'],
    [24 * GB, 2, '6GB', '12GB', '30MB', '1GB', '4GB', '1'],
    [64 * GB, 16, '8GB', '32GB', '64MB', '1GB', '4GB', '4'],
    [512 * GB, 64, '8GB', '64GB', '64MB', '1GB', '4GB', '4'],
  ] as const)('PLT-7 %d bytes and %d cores → shared_buffers %s, effective_cache_size %s, work_mem %s, maintenance %s, WAL %s, %s workers per gather', (mem, cores, shared, cache, work, maint, wal, gather) => {
    const s = sizeCluster({ memoryBytes: mem, cores, ssd: true });
    expect([s.shared_buffers, s.effective_cache_size, s.work_mem, s.maintenance_work_mem, s.max_wal_size, s.max_parallel_workers_per_gather]).toEqual([shared, cache, work, maint, wal, gather]);
    expect(s.max_parallel_workers).toBe(String(cores));
  });

  it('PLT-7 below the floor of memory the bounds hold (a 128 MB container gets 64 MB of shared buffers, not less than 32 MB)', () => {
    expect(sizeCluster({ memoryBytes: 128 * MB, cores: 1, ssd: true }).shared_buffers).toBe('64MB');
    expect(sizeCluster({ memoryBytes: 0, cores: 0, ssd: true })).toMatchObject({ shared_buffers: '64MB', max_parallel_workers: '1', max_parallel_workers_per_gather: '0' });
  });

  it('PLT-7 prefetching is set on Linux only (PostgreSQL refuses it elsewhere)', () => {
    expect(sizeCluster({ memoryBytes: 8 * GB, cores: 2, ssd: true, platform: 'linux' }).effective_io_concurrency).toBe('200');
    expect(sizeCluster({ memoryBytes: 8 * GB, cores: 2, ssd: true, platform: 'darwin' })).not.toHaveProperty('effective_io_concurrency');
    expect(sizeCluster({ memoryBytes: 8 * GB, cores: 2, ssd: true, platform: 'win32' })).not.toHaveProperty('effective_io_concurrency');
  });

  it('PLT-7 SSD page costs only on solid-state disks', () => {
    expect(sizeCluster({ memoryBytes: 8 * GB, cores: 2, ssd: true })).toMatchObject({ random_page_cost: '1.1', effective_io_concurrency: '200' });
    expect(sizeCluster({ memoryBytes: 8 * GB, cores: 2, ssd: false })).toMatchObject({ random_page_cost: '4', effective_io_concurrency: '2' });
  });

  it('PLT-7 for any machine: shared buffers about a quarter of memory within 32 MB–8 GB, work memory 4–64 MB, memory settings never above the machine', () => {
    fc.assert(
      fc.property(fc.integer({ min: 256, max: 2 * 1024 * 1024 }), fc.integer({ min: 1, max: 256 }), (mb, cores) => {
        const s = sizeCluster({ memoryBytes: mb * MB, cores, ssd: true });
        const shared = bytes(s.shared_buffers!);
        expect(shared).toBeGreaterThanOrEqual(32 * MB);
        expect(shared).toBeLessThanOrEqual(8 * GB);
        if (mb * MB / 4 <= 8 * GB) expect(Math.abs(shared - (mb * MB) / 4)).toBeLessThan(MB);
        expect(bytes(s.work_mem!)).toBeGreaterThanOrEqual(4 * MB);
        expect(bytes(s.work_mem!)).toBeLessThanOrEqual(64 * MB);
        expect(shared + bytes(s.maintenance_work_mem!)).toBeLessThanOrEqual(mb * MB);
        expect(Number(s.max_parallel_workers_per_gather)).toBeLessThanOrEqual(Math.min(4, cores - 1)); // the leader works too
        expect(Number(s.max_worker_processes)).toBeGreaterThanOrEqual(Number(s.max_parallel_workers));
      }),
    );
  });

  it('PLT-5 KEDANG_PG_SETTINGS overrides the sized values; a malformed value is refused at start naming the variable', () => {
    const config = loadConfig({ KEDANG_PG_SETTINGS: 'shared_buffers=1GB, work_mem=16MB' }, '/nonexistent');
    expect(config.pgSettings).toEqual({ shared_buffers: '1GB', work_mem: '16MB' });
    expect(sizeCluster({ memoryBytes: 24 * GB, cores: 2, ssd: true }, config.pgSettings)).toMatchObject({ shared_buffers: '1GB', work_mem: '16MB', effective_cache_size: '12GB' });
    expect(loadConfig({}, '/nonexistent').pgSettings).toEqual({});
    for (const bad of ['shared_buffers', 'shared_buffers=1GB;DROP', "work_mem='1'", 'Shared=1']) {
      expect(() => loadConfig({ KEDANG_PG_SETTINGS: bad }, '/nonexistent')).toThrow(/KEDANG_PG_SETTINGS/);
    }
  });

  it('PLT-7 memory notation and pg_settings units', () => {
    expect(pgMemory(GB)).toBe('1GB');
    expect(pgMemory(1.5 * GB)).toBe('1536MB');
    expect(pgMemory(100)).toBe('1MB');
    expect(settingBytes('16384', '8kB')).toBe(128 * MB);
    expect(settingBytes('4096', 'kB')).toBe(4 * MB);
    expect(settingBytes('100', null)).toBe(100);
  });
});

describe('PLT-7 with DATABASE_URL the settings are only reported (issue 12 item 2)', () => {
  const fine = { shared_buffers: 128 * MB, effective_cache_size: 4 * GB, work_mem: 4 * MB, max_connections: 100 };
  it('PLT-7 PostgreSQL defaults are fine for a small database', () => {
    expect(externalSettingWarnings(fine, 200 * MB, 20)).toEqual([]);
  });
  it('PLT-7 shared buffers 8× below a quarter of the data are reported; just above that they are not', () => {
    expect(externalSettingWarnings(fine, 4 * GB, 20)).toEqual([]); // wants 1 GB: 128 MB × 8 = 1 GB, not far
    expect(externalSettingWarnings(fine, 8 * GB, 20)).toEqual([expect.stringMatching(/^shared_buffers is 128MB for 8GB of data/)]);
  });
  it('PLT-7 a tiny planner cache estimate, work memory under 2 MB and too few connections are each reported', () => {
    const w = externalSettingWarnings({ shared_buffers: 2 * GB, effective_cache_size: 128 * MB, work_mem: MB, max_connections: 25 }, 2 * GB, 20);
    expect(w.map((x) => x.split(' ')[0])).toEqual(['effective_cache_size', 'work_mem', 'max_connections']);
    expect(externalSettingWarnings({ ...fine, max_connections: 30 }, 0, 20)).toEqual([]);
    expect(externalSettingWarnings({ ...fine, max_connections: 29 }, 0, 20)).toHaveLength(1);
  });
});
