/** REL-5 the daily digest e-mail: the company's SMTP server (administrator) and each user's address and choice. */
import { z } from 'zod';
import { def } from './route-def.js';
import { text, timestamp } from './common.js';

export const mailSettingsSchema = z.object({
  smtpUrl: z.string().nullable().describe('smtp(s)://user:password@host:port — the password is never shown (replaced by ***)'),
  from: z.string().nullable().describe('Sender address, e.g. 客档 <kedang@example.com>'),
  configured: z.boolean().describe('Whether digests are sent (an SMTP server is set here or by SMTP_URL)'),
  digestHour: z.number().int().describe('Hour (China time) the digest goes out: 7 (at 07:30)'),
});
export const updateMailSettingsBody = z.strictObject({
  smtpUrl: z.string().max(500).regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL').nullable().describe('null: no SMTP server (no mail is sent); a URL whose password is *** keeps the stored password'),
  from: text(200).regex(/@/, 'must contain an e-mail address').nullable(),
});
export const digestPreferenceSchema = z.object({ email: z.string().nullable(), enabled: z.boolean(), lastSentOn: z.string().nullable(), updatedAt: timestamp.nullable() });
export const updateDigestPreferenceBody = z.strictObject({
  email: z.email().max(200).nullable().describe('Where the digest goes; null: none'),
  enabled: z.boolean().describe('false: no digest for me'),
});

export const digestRoutes = {
  getMailSettings: def({ method: 'GET', path: '/api/v1/mail-settings', tag: 'relations', auth: 'users.manage', summary: 'The SMTP server of the daily digest (administrator); the password is hidden', response: { status: 200, schema: mailSettingsSchema } }),
  updateMailSettings: def({ method: 'PUT', path: '/api/v1/mail-settings', tag: 'relations', auth: 'users.manage', summary: 'Set or clear the SMTP server of the daily digest (no mail while unset)', body: updateMailSettingsBody, response: { status: 200, schema: mailSettingsSchema } }),
  getMyDigest: def({ method: 'GET', path: '/api/v1/me/digest', tag: 'relations', auth: 'signedIn', summary: 'My daily digest e-mail: address and whether I get it', response: { status: 200, schema: digestPreferenceSchema } }),
  updateMyDigest: def({ method: 'PUT', path: '/api/v1/me/digest', tag: 'relations', auth: 'signedIn', summary: 'Set my digest address, or turn my digest off', body: updateDigestPreferenceBody, response: { status: 200, schema: digestPreferenceSchema } }),
} as const;
