/**
 * Encryption of personal data at rest (SEC-12): AES-256-GCM per field, a keyring with a current
 * key (new writes) and previous keys (reading what was written before a rotation), and a keyed
 * hash (HMAC-SHA-256) of mobile numbers so an exact number can still be found without storing it.
 *
 * The key comes from KEDANG_SECRET_KEY; without it one is generated into `<data dir>/secret-keys.json`
 * (mode 0600) on first start. The process holds one active keyring, set at start-up.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type Keyring = { currentId: string; keys: Map<string, Buffer>; indexKey: Buffer; source: 'environment' | 'file' };

const PREFIX = 'enc:v1:';

/** 32 bytes from a configured secret: base64 of exactly 32 bytes is used as is, anything else is hashed. */
export function keyFromSecret(secret: string): Buffer {
  const raw = Buffer.from(secret, 'base64');
  if (raw.length === 32 && raw.toString('base64').replace(/=+$/, '') === secret.replace(/=+$/, '')) return raw;
  return createHash('sha256').update(`kedang-secret:${secret}`).digest();
}

export const keyIdOf = (key: Buffer) => createHash('sha256').update('kedang-key-id').update(key).digest('hex').slice(0, 8);
const indexKeyOf = (key: Buffer) => createHmac('sha256', key).update('kedang-mobile-index-v1').digest();

export function keyringOf(current: Buffer, previous: readonly Buffer[], source: Keyring['source']): Keyring {
  const keys = new Map<string, Buffer>();
  for (const k of previous) keys.set(keyIdOf(k), k);
  keys.set(keyIdOf(current), current);
  return { currentId: keyIdOf(current), keys, indexKey: indexKeyOf(current), source };
}

type KeyFile = { current: string; keys: Record<string, string> };
export const keyFilePath = (dataDir: string) => path.join(dataDir, 'secret-keys.json');

function readKeyFile(file: string): KeyFile | null {
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as KeyFile;
  if (!parsed.current || !parsed.keys?.[parsed.current]) throw new Error(`${file} is not a Kedang key file`);
  return parsed;
}

function writeKeyFile(file: string, content: KeyFile) {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(content, null, 2), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}

/** The keyring from configuration, or from the data directory's key file (created when absent). */
export function loadKeyring(opts: { secretKey: string | undefined; previousSecretKeys?: readonly string[] | undefined; dataDir: string }): Keyring {
  const previous = (opts.previousSecretKeys ?? []).map(keyFromSecret);
  const file = keyFilePath(opts.dataDir);
  const stored = readKeyFile(file);
  const fromFile = stored ? Object.values(stored.keys).map((k) => Buffer.from(k, 'base64')) : [];
  if (opts.secretKey) return keyringOf(keyFromSecret(opts.secretKey), [...previous, ...fromFile], 'environment');
  if (stored) {
    const current = Buffer.from(stored.keys[stored.current]!, 'base64');
    return keyringOf(current, [...previous, ...fromFile.filter((k) => keyIdOf(k) !== stored.current)], 'file');
  }
  const key = randomBytes(32);
  writeKeyFile(file, { current: keyIdOf(key), keys: { [keyIdOf(key)]: key.toString('base64') } });
  return keyringOf(key, previous, 'file');
}

/** Adds a new current key to the data directory's key file (the old ones stay for reading). */
export function addKeyToFile(dataDir: string): Keyring {
  const file = keyFilePath(dataDir);
  const stored = readKeyFile(file) ?? { current: '', keys: {} };
  const key = randomBytes(32);
  const id = keyIdOf(key);
  writeKeyFile(file, { current: id, keys: { ...stored.keys, [id]: key.toString('base64') } });
  return keyringOf(key, Object.values(stored.keys).map((k) => Buffer.from(k, 'base64')), 'file');
}

let active: Keyring | null = null;
export function useKeyring(k: Keyring): void {
  active = k;
}
export function activeKeyring(): Keyring {
  if (!active) throw new Error('no keyring: the server (or command) must load one at start-up');
  return active;
}
export const hasKeyring = () => active !== null;

/** Encrypts one value with the current key: `enc:v1:<key id>:<base64url(iv | tag | ciphertext)>`. */
export function sealValue(plain: string, k: Keyring = activeKeyring()): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', k.keys.get(k.currentId)!, iv);
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return `${PREFIX}${k.currentId}:${Buffer.concat([iv, cipher.getAuthTag(), ct]).toString('base64url')}`;
}

export const isSealed = (v: unknown): v is string => typeof v === 'string' && v.startsWith(PREFIX);
/** The key id a sealed value was written with (null for plain values written before encryption). */
export const sealedKeyId = (v: string): string | null => (isSealed(v) ? v.slice(PREFIX.length, PREFIX.length + 8) : null);

/** Decrypts a sealed value; a plain value (written before encryption was on) is returned as it is. */
export function openValue(v: string, k: Keyring = activeKeyring()): string {
  if (!isSealed(v)) return v;
  const id = sealedKeyId(v)!;
  const key = k.keys.get(id);
  if (!key) throw new Error(`personal data was encrypted with key ${id}, which is not in the keyring (set KEDANG_SECRET_KEY_PREVIOUS)`);
  const raw = Buffer.from(v.slice(PREFIX.length + 9), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

export const sealNullable = (v: string | null | undefined): string | null | undefined => (v === null || v === undefined || v === '' ? v : sealValue(v));
export const openNullable = (v: unknown): string | null => (v === null || v === undefined ? null : openValue(String(v)));

/** The keyed hash of a mobile number's digits, for exact-number search (never the number itself). */
export function mobileIndex(digits: string, k: Keyring = activeKeyring()): string {
  return createHmac('sha256', k.indexKey).update(digits).digest('base64url').slice(0, 32);
}
