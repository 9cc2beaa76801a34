/** Argon2id hashing (SEC-1), OWASP parameters: 19 MiB, 2 iterations, 1 lane. */
import { hash, verify } from '@node-rs/argon2';

// Algorithm.Argon2id (a const enum, not importable under isolatedModules).
const ARGON2ID = 2;

const params = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const hashPassword = (password: string) => hash(password, params);
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Verified against when the user does not exist, so timing does not reveal usernames. */
let dummy: Promise<string> | null = null;
export const dummyHash = () => (dummy ??= hashPassword('kedang-dummy-password-for-timing'));
