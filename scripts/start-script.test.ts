import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { missingServerNodeOptions, SERVER_NODE_OPTIONS } from '../src/server/shared/heap-growth.js';

const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };

describe('PLT-7 the server runs with the same Node options under npm start and under the benchmark', () => {
  it('PLT-7 npm start gives the server exactly SERVER_NODE_OPTIONS (bench/server.ts spawns it with the same constant)', () => {
    const last = pkg.scripts['start']!.split('&&').at(-1)!.trim();
    expect(last).toBe(`node ${SERVER_NODE_OPTIONS.join(' ')} bin/kedang.js start`);
    expect(readFileSync(path.join(import.meta.dirname, '..', 'bench', 'server.ts'), 'utf8')).toContain("spawn(process.execPath, [...SERVER_NODE_OPTIONS, path.join(root, 'bin/kedang.js'), 'start']");
  });

  it('PLT-7 kedang start tells which of them it was started without, from its command line or NODE_OPTIONS', () => {
    expect(missingServerNodeOptions([], '')).toEqual([...SERVER_NODE_OPTIONS]);
    expect(missingServerNodeOptions(['--max-semi-space-size=8'], '')).toEqual([]);
    expect(missingServerNodeOptions([], '--enable-source-maps --max-semi-space-size=16')).toEqual([]); // another size is the operator's choice
    expect(missingServerNodeOptions(['--max_semi_space_size=4'], '')).toEqual([]); // V8 reads _ and - alike
    expect(missingServerNodeOptions(['--max-old-space-size=512'], '--inspect')).toEqual([...SERVER_NODE_OPTIONS]);
  });
});
