/** The `kedang` command (PLT-4). */
import { ConfigError } from '../server/config.js';
import { StartupError } from '../server/db/embedded.js';
import { helpText, parse, UsageError, type Command } from './args.js';
import { auditCommand } from './commands/verify-audit.js';
import { backupCommand } from './commands/backup-data.js';
import { exportCommand } from './commands/export-customers.js';
import { importCommand } from './commands/import-file.js';
import { restoreCommand } from './commands/restore-data.js';
import { benchCommand } from './commands/run-bench.js';
import { demoCommand } from './commands/load-demo.js';
import { classifyCommand, evaluateCommand } from './commands/evaluate-quarter.js';
import { migrateCommand } from './commands/migrate-database.js';
import { usersCommand } from './commands/manage-users.js';
import { keysCommand } from './commands/rotate-keys.js';
import { startCommand } from './commands/start-server.js';

const commands: Command[] = [startCommand, migrateCommand, demoCommand, usersCommand, auditCommand, benchCommand, importCommand, exportCommand, backupCommand, restoreCommand, evaluateCommand, classifyCommand, keysCommand];

function overview(): string {
  return ['kedang — 客档 customer archive management', '', 'Commands:', ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary.split('.')[0]}`), '', 'Run `kedang <command> --help` for details.'].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(overview());
    return name ? 0 : 2;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    console.error(`kedang: unknown command "${name}"\n\n${overview()}`);
    return 2;
  }
  try {
    const args = parse(cmd, rest);
    if (args.values.help) {
      console.log(helpText(cmd));
      return 0;
    }
    return await cmd.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`kedang ${cmd.name}: ${e.message}\n\n${helpText(cmd)}`);
      return 2;
    }
    if (e instanceof StartupError) {
      console.error(`kedang ${cmd.name}: ${e.message}`);
      return 1;
    }
    if (e instanceof ConfigError) {
      console.error(e.message);
      return 2;
    }
    console.error(`kedang ${cmd.name}: ${(e as Error).stack ?? e}`);
    return 1;
  }
}
