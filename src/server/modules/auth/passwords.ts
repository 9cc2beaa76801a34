/** Password hashing lives in the users module (src/server/modules/users/passwords.ts; PLT-2). */
export * from '../users/passwords.js';
