/** The digits of a phone or number as typed (separators, spaces and prefixes' punctuation dropped). */
export const digitsOf = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '');
