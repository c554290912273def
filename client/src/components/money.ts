/** "12500000.5" → "12,500,000.50": works on the decimal string, never through a float. */
export function formatYuan(yuan: string): string {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(yuan.trim());
  if (!m) {
    return yuan;
  }
  const [, sign, int, frac = ''] = m;
  const grouped = (int as string).replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}.${frac.padEnd(2, '0')}`;
}
