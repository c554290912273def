/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (no I, O, Z, S, V);
 * the last is a check character over the first 17 with weights 3^i mod 31.
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null when one is outside the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const v = ALPHABET.indexOf(first17[i] ?? '');
    if (v < 0) {
      return null;
    }
    sum += v * (WEIGHTS[i] as number);
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET[check] as string;
}

/** True when code is a well-formed 统一社会信用代码 with a correct check character. */
export function isValidCreditCode(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) {
    return false;
  }
  return creditCodeCheckChar(code.slice(0, 17)) === code[17];
}

/** Makes a valid code from a 17-character body (demo accounts, tests). */
export function withCheckChar(first17: string): string {
  const c = creditCodeCheckChar(first17);
  if (!c) {
    throw new RangeError(`not a credit code body: ${first17}`);
  }
  return first17 + c;
}
