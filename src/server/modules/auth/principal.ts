/** The signed-in caller: its home is src/server/shared/principal.ts (below every module, PLT-2). */
export type { Principal } from '../../shared/principal.js';
