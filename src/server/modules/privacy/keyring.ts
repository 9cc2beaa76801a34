/** The keyring lives in src/server/shared/keyring.ts (below customers, which seal with it; PLT-2). */
export * from '../../shared/keyring.js';
