export * from './audit.js';
export * from './auth.js';
export * from './common.js';
export * from './errors.js';
export * from './roles.js';
export * from './routes.js';
export * from './users.js';
