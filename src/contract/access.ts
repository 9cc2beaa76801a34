/** Field groups of an archive (SEC-4): what the access policy grants or withholds, shared with the web client. */
import { z } from 'zod';

export const fieldGroups = ['basic', 'contacts', 'personal', 'financial', 'documents', 'evaluation'] as const;
export type FieldGroup = (typeof fieldGroups)[number];
export const fieldGroupSchema = z.enum(fieldGroups);

/** Uses of an archive beyond reading it on screen; `confidential` and `top_secret` archives allow none of them (SEC-5). */
export const customerUses = ['export', 'print', 'download'] as const;
export type CustomerUse = (typeof customerUses)[number];
