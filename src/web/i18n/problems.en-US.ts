/** Field error codes (contract/errors.ts fieldErrorCodes) in English; `{name}` is a parameter. */
import type { FieldErrorCode } from '../../contract/errors.js';

export const fieldErrorTextEn: Record<FieldErrorCode, string> = {
  required: 'is required',
  invalid_type: 'has the wrong type',
  too_small: 'must be at least {minimum}',
  too_big: 'must be at most {maximum}',
  invalid_format: 'is not in the expected format',
  invalid_value: 'must be one of: {values}',
  unknown_field: 'is not a known field',
  control_characters: 'must not contain control characters',
  invalid_unicode: 'holds invalid characters',
  invalid_utf8: 'is not valid UTF-8 text',
  blank_name: 'must not be made only of invisible characters',
  direction_override: 'must not contain text-direction control characters',
  dangling_reference: 'refers to a record that does not exist',
  duplicate: 'is already taken by another record',
  not_allowed_value: 'is not an allowed value',
  invalid: 'is not valid',
  file_type_refused: 'files of type {type} are not accepted; allowed are PDF, images, Office documents and plain text',
  markup_refused: 'HTML, SVG and XML files are not accepted',
  file_type_unknown: 'the file type could not be recognised from its content; allowed are PDF, images, Office documents and plain text',
  file_too_large: 'is larger than the upload limit',
  unknown_industry: 'is not an industry code of GB/T 4754-2017 (the national industry classification)',
};
