/** Moved to src/server/shared/principal-cache.ts (below every module, PLT-2); kept so imports from auth keep working. */
export * from '../../shared/principal-cache.js';
