/** The machine the embedded PostgreSQL runs on: memory (container limit included), cores, SSD. */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import os from 'node:os';
import type { Machine } from './sizing.js';

const read = (f: string): string | null => {
  try {
    return readFileSync(f, 'utf8').trim();
  } catch {
    return null;
  }
};

/** A cgroup (v2, then v1) memory limit below the machine's memory, else the machine's memory. */
function memoryBytes(): number {
  const total = os.totalmem();
  for (const f of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    const v = Number(read(f));
    if (Number.isFinite(v) && v > 0 && v < total) return v;
  }
  return total;
}

/**
 * Whether the disk under `dir` is rotational. False when it cannot be told, and for virtual disks
 * (virtio, Xen), which report "rotational" whatever stores them: SSDs are the norm today.
 */
function rotational(dir: string): boolean {
  try {
    const dev = statSync(dir).dev;
    const major = Math.floor(dev / 256) & 0xfff;
    const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
    const sys = `/sys/dev/block/${major}:${minor}`;
    if (!existsSync(sys) || /virtio|xen|vbd/.test(realpathSync(sys))) return false;
    for (const f of [`${sys}/queue/rotational`, `${sys}/../queue/rotational`]) {
      if (existsSync(f)) return read(f) === '1';
    }
  } catch {
    // unknown: assume solid state
  }
  return false;
}

export function detectMachine(dataDir: string): Machine {
  return { memoryBytes: memoryBytes(), cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length, ssd: !rotational(dataDir), platform: process.platform };
}
