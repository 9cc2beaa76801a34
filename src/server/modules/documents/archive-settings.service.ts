/** Archive settings live in the settings module (src/server/modules/settings/archive-settings.service.ts; PLT-2). */
export * from '../settings/archive-settings.service.js';
