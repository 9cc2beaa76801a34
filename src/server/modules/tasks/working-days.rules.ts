/** The working-day calendar lives in src/server/shared/working-days.rules.ts (used by tasks, settings, relations, sales, complaints; PLT-2). */
export * from '../../shared/working-days.rules.js';
