import { fenToYuan, fromMs, toMs, yuanToFen } from '../../../server/db/convert';

describe('money is exact: yuan strings ↔ integer fen', () => {
  it('converts without floating-point error', () => {
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('12500000.07')).toBe(1250000007);
    expect(yuanToFen('9999999999999.99')).toBe(999999999999999);
    expect(fenToYuan(1250000007)).toBe('12500000.07');
    expect(fenToYuan(5)).toBe('0.05');
    expect(fenToYuan(0)).toBe('0.00');
  });

  it('round-trips every fen value in a range', () => {
    for (let fen = 0; fen < 3000; fen += 7) {
      expect(yuanToFen(fenToYuan(fen))).toBe(fen);
    }
  });

  it('refuses more than 2 decimals, signs and exponents', () => {
    for (const bad of ['1.001', '-1', '1e3', '', '1.']) {
      expect(() => yuanToFen(bad)).toThrow(RangeError);
    }
  });
});

describe('time is epoch ms in the DB, ISO-8601 UTC with ms in JSON', () => {
  it('keeps milliseconds and normalises offsets to Z', () => {
    expect(fromMs(toMs('2026-12-25T09:30:00.123+08:00'))).toBe('2026-12-25T01:30:00.123Z');
    expect(() => toMs('not a time')).toThrow(RangeError);
  });
});
