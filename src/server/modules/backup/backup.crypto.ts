/**
 * The encrypted backup envelope (SEC-13): `KDBK` 1 mode salt(16) iv(12) · AES-256-GCM ciphertext
 * of the .tar.gz · tag(16). The key comes from a passphrase (scrypt) or from the configured
 * KEDANG_SECRET_KEY (HKDF-SHA256). A plain backup is an ordinary .tar.gz.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scryptSync, type CipherGCM, type DecipherGCM } from 'node:crypto';
import { open } from 'node:fs/promises';

export const MAGIC = Buffer.from('KDBK');
export const HEADER_LENGTH = 4 + 1 + 1 + 16 + 12;
export const TAG_LENGTH = 16;
export type KeySource = { kind: 'passphrase'; passphrase: string } | { kind: 'key'; key: string };
const modeByte = { passphrase: 1, key: 2 } as const;

function deriveKey(source: KeySource, salt: Buffer): Buffer {
  if (source.kind === 'passphrase') return scryptSync(source.passphrase.normalize('NFC'), salt, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  return Buffer.from(hkdfSync('sha256', Buffer.from(source.key, 'utf8'), salt, 'kedang-backup-v1', 32));
}

export function encryptor(source: KeySource): { header: Buffer; cipher: CipherGCM } {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const header = Buffer.concat([MAGIC, Buffer.from([1, modeByte[source.kind]]), salt, iv]);
  const cipher = createCipheriv('aes-256-gcm', deriveKey(source, salt), iv);
  cipher.setAAD(header);
  return { header, cipher };
}

export type Envelope = { encrypted: false; size: number } | { encrypted: true; mode: 'passphrase' | 'key'; size: number; header: Buffer; tag: Buffer };

/** What a backup file is: a plain .tar.gz or an encrypted envelope (its header and tag read here). */
export async function readEnvelope(path: string): Promise<Envelope> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const header = Buffer.alloc(HEADER_LENGTH);
    await fh.read(header, 0, HEADER_LENGTH, 0);
    if (header[0] === 0x1f && header[1] === 0x8b) return { encrypted: false, size };
    if (!header.subarray(0, 4).equals(MAGIC) || header[4] !== 1 || size < HEADER_LENGTH + TAG_LENGTH) throw new Error('this is not a Kedang backup (neither .tar.gz nor an encrypted Kedang backup)');
    const mode = header[5] === 1 ? 'passphrase' : header[5] === 2 ? 'key' : null;
    if (!mode) throw new Error('unknown encryption mode in the backup header');
    const tag = Buffer.alloc(TAG_LENGTH);
    await fh.read(tag, 0, TAG_LENGTH, size - TAG_LENGTH);
    return { encrypted: true, mode, size, header, tag };
  } finally {
    await fh.close();
  }
}

export function decryptor(env: Extract<Envelope, { encrypted: true }>, source: KeySource): DecipherGCM {
  const salt = env.header.subarray(6, 22);
  const iv = env.header.subarray(22, 34);
  const d = createDecipheriv('aes-256-gcm', deriveKey(source, salt), iv);
  d.setAAD(env.header);
  d.setAuthTag(env.tag);
  return d;
}
