import { creditCodeCheckChar, isValidCreditCode, withCheckChar } from '../../../server/auth/credit-code';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts published real-world codes', () => {
    // Codes printed on public business licences.
    for (const code of ['91350100M000100Y43', '91110000802100433B', '914403001922038216']) {
      expect(isValidCreditCode(code)).toBe(true);
    }
  });

  it('refuses a code whose check character is off by one', () => {
    const good = withCheckChar('91320413MA1XK0001');
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const wrong = alphabet[(alphabet.indexOf(good[17] as string) + 1) % 31];
    expect(isValidCreditCode(good)).toBe(true);
    expect(isValidCreditCode(good.slice(0, 17) + wrong)).toBe(false);
  });

  it('refuses letters outside the alphabet (I, O, Z, S, V), lower case and wrong lengths', () => {
    expect(isValidCreditCode('91350100M000100YI3')).toBe(false);
    expect(isValidCreditCode('91350100m000100y43')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(creditCodeCheckChar('91350100M000100O4')).toBeNull();
  });
});
