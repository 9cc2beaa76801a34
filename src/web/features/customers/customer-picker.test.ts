import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const web = path.resolve(import.meta.dirname, '../..');
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.includes('.test.') ? [path.join(dir, e.name)] : []));

describe('ARC-11 SVC-1 REL-9 one customer picker in the web client', () => {
  it('ARC-11 SVC-1 REL-9 a single CustomerPicker (features/customers/customer-picker.tsx) serves the complaint intake, the survey dialog, merges, revisits and the rest', () => {
    const files = sources(web);
    const defining = files.filter((f) => /export (const|function) CustomerPicker\b/.test(readFileSync(f, 'utf8'))).map((f) => path.relative(web, f));
    expect(defining).toEqual([path.join('features', 'customers', 'customer-picker.tsx')]);
    const importers = files.filter((f) => /import \{[^}]*\bCustomerPicker\b[^}]*\} from '([^']+)'/.test(readFileSync(f, 'utf8')));
    for (const f of importers) {
      const from = /import \{[^}]*\bCustomerPicker\b[^}]*\} from '([^']+)'/.exec(readFileSync(f, 'utf8'))![1]!;
      expect(path.resolve(path.dirname(f), from.replace(/\.js$/, '.tsx')), path.relative(web, f)).toBe(path.join(web, 'features', 'customers', 'customer-picker.tsx'));
    }
    expect(importers.length).toBeGreaterThanOrEqual(10);
  });
});
