/**
 * Text rules the server enforces on every request, whatever the route's schema says (SEC-11, PLT-8):
 * no control characters (tab, line feed and carriage return excepted) and no unpaired surrogates in
 * any string; a field that names a person or a company (its key ends in `name`) is not made only of
 * invisible characters and holds no bidirectional override. Checked once here for body, query and
 * path, so a route cannot forget them; each finding names its field.
 */
import type { FieldError } from '../../contract/errors.js';

/** C0 controls except \t \n \r, DEL, and the C1 controls. */
export const controlCharacters = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** Bidirectional embeddings, overrides and isolates (the "Trojan Source" characters). */
export const bidiControls = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
/** Whitespace and characters that draw nothing: a name made only of these is blank. */
const invisible = /^[\s\u00ad\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\u{1d173}-\u{1d17a}\u{e0000}-\u{e0fff}]*$/u;

const nameKey = /name$/i;

const messages: Record<'control_characters' | 'invalid_unicode' | 'blank_name' | 'direction_override', string> = {
  control_characters: 'must not contain control characters',
  invalid_unicode: 'is not valid Unicode text',
  blank_name: 'must not be blank (only invisible characters)',
  direction_override: 'must not contain text-direction control characters',
};

export function textProblemCode(value: string, isName: boolean): keyof typeof messages | null {
  if (controlCharacters.test(value)) return 'control_characters';
  if (loneSurrogate.test(value)) return 'invalid_unicode';
  if (isName && value.length > 0 && invisible.test(value)) return 'blank_name';
  if (isName && bidiControls.test(value)) return 'direction_override';
  return null;
}
export function textProblem(value: string, isName: boolean): string | null {
  const code = textProblemCode(value, isName);
  return code ? messages[code] : null;
}

/** Every string (and key) in a parsed JSON value that breaks a rule, by its path. */
export function textFieldErrors(value: unknown, prefix = '', names = true): FieldError[] {
  const out: FieldError[] = [];
  const walk = (v: unknown, path: string, key: string, depth: number) => {
    if (depth > 64) return;
    if (typeof v === 'string') {
      const code = textProblemCode(v, names && nameKey.test(key));
      if (code) out.push({ path: path || key || 'body', message: messages[code], code });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, path ? `${path}.${i}` : String(i), key, depth + 1));
    } else if (v !== null && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v)) {
      for (const [k, x] of Object.entries(v)) {
        const p = path ? `${path}.${k}` : k;
        const keyProblem = textProblemCode(k, false);
        if (keyProblem) out.push({ path: p, message: `name of the field ${messages[keyProblem]}`, code: keyProblem });
        else walk(x, p, k, depth + 1);
      }
    }
  };
  walk(value, prefix, '', 0);
  return out;
}

/** Paths of the strings holding U+FFFD, the mark a lossy UTF-8 decoding leaves. */
export function replacementPaths(value: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown, path: string, depth: number) => {
    if (depth > 64) return;
    if (typeof v === 'string') {
      if (v.includes('\ufffd')) out.push(path || 'body');
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, path ? `${path}.${i}` : String(i), depth + 1));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, depth + 1);
  };
  walk(value, '', 0);
  return out;
}
