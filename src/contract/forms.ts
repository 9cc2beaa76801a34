/** Printable forms (ARC-13): A4 print views rendered on the server, each with its form number. */
import { z } from 'zod';
import { idSchema } from './common.js';

export const printForms = ['archive', 'collection', 'basic-info', 'personality', 'relationship-card', 'catalogue'] as const;
export type PrintForm = (typeof printForms)[number];
/** 表单编号 printed in each form's header. */
export const formNumbers: Record<PrintForm, string> = {
  archive: 'KD-ARC-01',
  collection: 'KD-ARC-02',
  'basic-info': 'KD-ARC-03',
  personality: 'KD-ARC-04',
  'relationship-card': 'KD-ARC-05',
  catalogue: 'KD-ARC-06',
};
export const formParams = z.strictObject({ id: idSchema, form: z.enum(printForms) });
