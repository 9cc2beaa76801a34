import { roleKeys, type RoleKey } from '../../contract/roles.js';
import { createUserBody } from '../../contract/users.js';
import { AppError } from '../../server/http/errors.js';
import { systemActor } from '../../server/modules/audit/audit.types.js';
import { createUser, listUsers, resetPassword } from '../../server/modules/users/users.service.js';
import { UsageError, type Command } from '../args.js';
import { withDatabase } from '../context.js';

const cliActor = { ...systemActor, requestId: 'cli' };

export const usersCommand: Command = {
  name: 'users',
  summary: 'Manage users from the command line.',
  usage: [
    'kedang users list',
    '       kedang users create --username NAME --display-name TEXT --password PW --department-id ID --roles sales,cs_staff',
    '       kedang users reset-password --username NAME --password PW',
    '',
    `Roles: ${roleKeys.join(', ')}`,
  ].join('\n'),
  options: {
    username: { type: 'string' },
    'display-name': { type: 'string' },
    password: { type: 'string' },
    'department-id': { type: 'string' },
    roles: { type: 'string' },
  },
  run: async ({ values, positionals }) => {
    const sub = positionals[0];
    if (sub !== 'list' && sub !== 'create' && sub !== 'reset-password') throw new UsageError(`unknown subcommand "${sub ?? ''}": use list, create or reset-password`);
    if (sub === 'create') {
      const roles = String(values.roles ?? '').split(',').filter(Boolean);
      const bad = roles.filter((r) => !roleKeys.includes(r as RoleKey));
      if (bad.length) throw new UsageError(`unknown role(s): ${bad.join(', ')}`);
      const parsed = createUserBody.safeParse({ username: values.username, displayName: values['display-name'], password: values.password, departmentId: values['department-id'], roles });
      if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${String(i.path[0] ?? '').replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}: ${i.message}`).join('\n'));
      return withDatabase(async ({ db }) => {
        try {
          const u = await createUser(db, parsed.data, cliActor);
          console.log(`created user ${u.username} (id ${u.id})`);
          return 0;
        } catch (e) {
          if (e instanceof AppError) return (console.error(e.message), 1);
          throw e;
        }
      });
    }
    if (sub === 'reset-password') {
      if (typeof values.username !== 'string' || typeof values.password !== 'string') throw new UsageError('--username and --password are required');
      return withDatabase(async ({ db }) => {
        const found = (await listUsers(db, { limit: 200, q: values.username as string })).items.find((u) => u.username.toLowerCase() === String(values.username).toLowerCase());
        if (!found) return (console.error(`no user "${values.username}"`), 1);
        try {
          await resetPassword(db, found.id, values.password as string, cliActor);
          console.log(`password of ${found.username} reset; it must be changed at the next sign-in`);
          return 0;
        } catch (e) {
          if (e instanceof AppError) return (console.error(e.message), 1);
          throw e;
        }
      });
    }
    return withDatabase(async ({ db }) => {
      let cursor: string | undefined;
      console.log(['id', 'username', 'displayName', 'department', 'roles', 'status'].join('\t'));
      do {
        const page = await listUsers(db, { limit: 200, cursor });
        for (const u of page.items) console.log([u.id, u.username, u.displayName, u.departmentName ?? '', u.roles.join(','), u.status].join('\t'));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return 0;
    });
  },
};
