/** Printable A4 forms (ARC-13): parse → call → shape. */
import type { HandlersOf } from '../../http/handler.js';
import { printForm } from './forms.service.js';

export const formHandlers: HandlersOf<'printForm'> = {
  printForm: ({ db, principal, params, actor }) => printForm(db, principal, params.id, params.form, actor),
};
