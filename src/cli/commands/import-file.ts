/** `kedang import <file> --entity customers|contacts|transactions [--dry-run]` (ARC-12, PLT-4). */
import { existsSync, statSync } from 'node:fs';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { importEntities, type ImportEntity, type ImportIssue } from '../../contract/imports.js';
import type { RoleKey } from '../../contract/roles.js';
import { loadConfig } from '../../server/config.js';
import type { DB } from '../../server/db/schema.js';
import { subjectOf } from '../../server/modules/access/access.service.js';
import type { AccessSubject } from '../../server/modules/access/customer-access.rules.js';
import { systemActor } from '../../server/modules/audit/audit.types.js';
import type { Principal } from '../../server/modules/auth/principal.js';
import { executePass, limitsOf } from '../../server/modules/imports/imports.service.js';
import type { PassTimings } from '../../server/modules/imports/imports.pipeline.js';
import { ImportFileError, sniffFile } from '../../server/modules/imports/imports.read.js';
import { reportFile } from '../../server/modules/imports/imports.sheets.js';
import { UsageError, type Command } from '../args.js';
import { withDatabase } from '../context.js';
import { progressBar } from '../progress.js';

/** The system acting from the command line: sees every archive, like the general manager (the operator has the server anyway). */
export const systemSubject: AccessSubject = { userId: '0', roles: ['gm'], managedDepartmentIds: [] };
export const systemPrincipal: Principal = { userId: '0', username: 'system', displayName: '系统', departmentId: '0', roles: ['gm'], mustChangePassword: false, via: { kind: 'pat', tokenId: 'cli', scopes: ['read', 'write'] } };

/** The user named by --user, as the services see a signed-in caller. */
export async function principalOf(db: Kysely<DB>, username: string): Promise<Principal> {
  const u = await db.selectFrom('users').select(['id', 'username', 'display_name', 'department_id', 'roles', 'disabled']).where((eb) => eb(eb.fn('lower', ['username']), '=', username.toLowerCase())).executeTakeFirst();
  if (!u || u.disabled) throw new UsageError(`--user: no active user "${username}"`);
  return { userId: u.id, username: u.username, displayName: u.display_name, departmentId: u.department_id, roles: u.roles as RoleKey[], mustChangePassword: false, via: { kind: 'pat', tokenId: 'cli', scopes: ['read', 'write'] } };
}

async function defaultOwner(db: Kysely<DB>, name: string | undefined): Promise<string> {
  if (name) return (await principalOf(db, name)).userId;
  // the longest-serving archive keeper: customer service first, then the general manager
  for (const role of ['cs_manager', 'cs_staff', 'gm']) {
    const u = await db.selectFrom('users').select('id').where('disabled', '=', false).where((eb) => eb(eb.val(role), '=', eb.fn.any('roles'))).orderBy('id').executeTakeFirst();
    if (u) return u.id;
  }
  throw new UsageError('--owner: there is no customer-service user to own the archives; name one with --owner or --user');
}

function parseMap(s: string | undefined): Record<string, string | null> {
  if (!s) return {};
  const out: Record<string, string | null> = {};
  for (const pair of s.split(/[;,](?=[^;,]*=)/)) {
    const i = pair.lastIndexOf('=');
    if (i <= 0) throw new UsageError(`--map: "${pair}" is not header=field`);
    const field = pair.slice(i + 1).trim();
    out[pair.slice(0, i).trim()] = field === '' || field === '-' ? null : field;
  }
  return out;
}

/** One line per phase, in seconds, longest first (`--timings`). */
export function formatTimings(t: PassTimings): string {
  return ['seconds per phase (write.* overlap reading and checking):', ...Object.entries(t).sort((a, b) => b[1] - a[1]).map(([k, ms]) => `  ${k.padEnd(26)} ${(ms / 1000).toFixed(2).padStart(8)}`)].join('\n');
}

const show = (i: ImportIssue) => `  row ${i.row}${i.column ? `, column ${i.column}` : ''}${i.header ? ` (${i.header})` : ''}: ${i.kind === 'duplicate' ? '[duplicate] ' : ''}${i.message}${i.value !== null ? ` — "${i.value}"` : ''}`;

export const importCommand: Command = {
  name: 'import',
  summary: 'Import customers, contacts or transactions from an .xlsx or .csv file (UTF-8 or GB18030/GBK), all rows or none.',
  usage: [
    'kedang import <file> --entity customers|contacts|transactions [--dry-run] [options]',
    '',
    'Headers may be the template\'s Chinese labels (客户名称, 客户类型, 电话, 电子邮件, 地址, 统一社会信用代码 …),',
    'English labels or the API field keys (name, customerType, …). Without --dry-run every row is checked',
    'and written in one transaction; any error writes nothing.',
    '',
    'Options:',
    '  --dry-run               check every row, write nothing',
    '  --user NAME             import as this user (their access rights; default: the system)',
    '  --owner NAME            owner of archives whose row names none (default: --user, else the first customer-service user)',
    '  --map "表头=field,…"     map columns differently (field "-" ignores a column)',
    '  --duplicates skip|create  rows that look like an existing archive or an earlier row (default skip)',
    '  --report FILE.xlsx      write the file annotated with its errors',
    '  --timings               print the seconds spent per phase (reading, checking, writing …) to stderr',
    '',
    'Exit codes: 0 every row valid (and committed), 1 rows have errors (nothing committed), 2 bad arguments.',
  ].join('\n'),
  options: {
    entity: { type: 'string' },
    'dry-run': { type: 'boolean' },
    user: { type: 'string' },
    owner: { type: 'string' },
    map: { type: 'string' },
    duplicates: { type: 'string' },
    report: { type: 'string' },
    timings: { type: 'boolean' },
  },
  run: async ({ values, positionals }) => {
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('give exactly one file to import');
    if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`no such file: ${file}`);
    const entity = values.entity as ImportEntity | undefined;
    if (!entity || !importEntities.includes(entity)) throw new UsageError(`--entity must be one of ${importEntities.join(', ')}`);
    const duplicates = (values.duplicates ?? 'skip') as 'skip' | 'create';
    if (duplicates !== 'skip' && duplicates !== 'create') throw new UsageError('--duplicates must be skip or create');
    const mapping = parseMap(values.map as string | undefined);
    const dryRun = values['dry-run'] === true;
    const config = loadConfig();
    return withDatabase(async ({ db }) => {
      const principal = values.user ? await principalOf(db, String(values.user)) : null;
      const subject = principal ? await subjectOf(db, principal) : systemSubject;
      const owner = values.owner ? await defaultOwner(db, String(values.owner)) : principal ? principal.userId : await defaultOwner(db, undefined);
      let info;
      try {
        info = await sniffFile(file);
      } catch (e) {
        if (e instanceof ImportFileError) return (console.error(`kedang import: ${e.message}`), 1);
        throw e;
      }
      const issues: ImportIssue[] = [];
      const bar = progressBar(dryRun ? 'checking' : 'importing');
      const timings: PassTimings | undefined = values.timings === true ? {} : undefined;
      try {
        const { result, committed } = await executePass({
          db,
          subject,
          importerId: principal?.userId ?? null,
          defaultOwnerId: owner,
          entity,
          file,
          info,
          mapping,
          limits: limitsOf(config),
          commit: dryRun ? null : { duplicates, actor: { ...systemActor, userId: principal?.userId ?? null, requestId: 'cli' }, importId: null },
          onProgress: ({ rowsDone, fraction }) => bar.update(rowsDone, fraction >= 1 ? rowsDone : Math.max(rowsDone + 1, Math.round(rowsDone / Math.max(fraction, 0.001)))), // total estimated from the position in the file
          onIssues: (list) => {
            if (issues.length < 10_000) issues.push(...list.slice(0, 10_000 - issues.length));
          },
          ...(timings ? { timings } : {}),
        });
        bar.done();
        if (timings) console.error(formatTimings(timings));
        console.log(`${info.format}${info.encoding ? ` (${info.encoding})` : ''}: ${result.rowsTotal} rows, ${result.validRows} valid, ${result.errorRows} with errors, ${result.duplicateRows} possible duplicates`);
        const unmapped = result.columns.filter((c) => !c.field).map((c) => c.header);
        if (unmapped.length) console.log(`columns not imported: ${unmapped.join(', ')}`);
        const errors = issues.filter((i) => i.kind === 'error');
        const dups = issues.filter((i) => i.kind === 'duplicate');
        if (errors.length) console.log(`errors:\n${errors.slice(0, 50).map(show).join('\n')}${errors.length > 50 ? `\n  … and ${errors.length - 50} more (use --report)` : ''}`);
        if (dups.length) console.log(`possible duplicates (${duplicates === 'skip' ? 'skipped' : 'created anyway'}):\n${dups.slice(0, 20).map(show).join('\n')}${dups.length > 20 ? `\n  … and ${dups.length - 20} more` : ''}`);
        if (values.report) {
          const byRow = new Map<number, { column: string | null; message: string; kind: string; header: string | null }[]>();
          for (const i of issues) byRow.set(i.row, [...(byRow.get(i.row) ?? []), i]);
          await pipeline(reportFile(file, info, limitsOf(config), byRow), createWriteStream(String(values.report)));
          console.log(`report written to ${values.report}`);
        }
        if (result.errorRows > 0) {
          console.log(dryRun ? 'Dry run: fix the rows above before importing.' : 'Nothing was imported: fix the rows above and run again.');
          return 1;
        }
        if (dryRun) console.log('Dry run: every row is valid; nothing was written.');
        else if (committed) console.log(`Imported ${result.committedRows} ${entity}${result.skippedRows ? `, skipped ${result.skippedRows} duplicates` : ''}${result.archiveRange ? ` (${result.archiveRange.first} … ${result.archiveRange.last})` : ''}.`);
        return 0;
      } catch (e) {
        bar.done();
        if (e instanceof ImportFileError) return (console.error(`kedang import: ${e.message}`), 1);
        throw e;
      }
    });
  },
};
