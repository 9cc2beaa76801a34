/** Sealing of personal columns lives in src/server/shared/personal-fields.ts (below customers, which seal with it; PLT-2). */
export * from '../../shared/personal-fields.js';
