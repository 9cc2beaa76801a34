import { loadConfig } from '../../server/config.js';
import { addKeyToFile, keyFilePath, loadKeyring, useKeyring } from '../../server/modules/privacy/keyring.js';
import { reencryptPersonalData } from '../../server/modules/privacy/privacy.service.js';
import { UsageError, type Command } from '../args.js';
import { withDatabase } from '../context.js';

export const keysCommand: Command = {
  name: 'keys',
  summary:
    'Rotate the key that encrypts personal data (SEC-12): `rotate` makes a new key and re-encrypts every contact\'s personal fields, bank account and history value with it (plain values from before encryption get encrypted too). With KEDANG_SECRET_KEY set, put the new key there and the old one in KEDANG_SECRET_KEY_PREVIOUS first; `rotate` then re-encrypts to it.',
  usage: 'kedang keys rotate',
  run: async ({ positionals }) => {
    if (positionals[0] !== 'rotate' || positionals.length > 1) throw new UsageError(`unknown subcommand "${positionals.join(' ')}": use rotate`);
    const config = loadConfig();
    const before = loadKeyring(config);
    const keyring = before.source === 'file' ? addKeyToFile(config.dataDir) : before;
    if (before.source === 'file') console.error(`new key ${keyring.currentId} added to ${keyFilePath(config.dataDir)} (earlier keys kept there for reading)`);
    else console.error(`re-encrypting to KEDANG_SECRET_KEY (key ${keyring.currentId})`);
    return withDatabase(async ({ db }) => {
      useKeyring(keyring);
      const counts = await reencryptPersonalData(db, keyring, (table, n) => process.stderr.write(`\r${table}: ${n.toLocaleString()} re-encrypted`));
      process.stderr.write('\n');
      const { recordAudit } = await import('../../server/modules/audit/audit.service.js');
      await db.transaction().execute((tx) => recordAudit(tx, { userId: null, ip: null, requestId: null }, { action: 'system.keys_rotated', entityType: 'system', data: { keyId: keyring.currentId, ...counts } }));
      console.log(`personal data now under key ${keyring.currentId}: ${counts.contacts} contacts, ${counts.customers} bank accounts, ${counts.history} history entries re-encrypted`);
      return 0;
    });
  },
};
