/** The committee drawing and expert pool form rules (client/src/committee/committee-view.ts). */
import {
  checkSpecialties, isCommitteeSizeValid, isExpertChanged, minimumCommitteeSize, normalizeSpecialties, specialtyOptions,
} from '../../../client/src/committee/committee-view';

const works = { ruleSet: 'cn-law', category: 'construction', budget: '50000000.00' };
const largeGoods = { ruleSet: 'cn-law', category: 'goods', budget: '10000000.00' };
const smallServices = { ruleSet: 'cn-law', category: 'services', budget: '9999999.99' };
const sandbox = { ruleSet: 'sandbox', category: 'goods', budget: '20000000.00' };

describe('minimumCommitteeSize', () => {
  it('follows 招标投标法 art. 37 (five) and 87号令 art. 47 (seven for goods/services of 10 M yuan or more)', () => {
    expect(minimumCommitteeSize(works)).toBe(5);
    expect(minimumCommitteeSize(largeGoods)).toBe(7);
    expect(minimumCommitteeSize(smallServices)).toBe(5);
  });

  it('lets the sandbox draw three, and treats an unrecorded rule set as cn-law', () => {
    expect(minimumCommitteeSize(sandbox)).toBe(3);
    expect(minimumCommitteeSize({ ...works, ruleSet: null })).toBe(5);
  });
});

describe('isCommitteeSizeValid', () => {
  it('takes an odd number at or above the minimum', () => {
    expect(isCommitteeSizeValid(works, 5)).toBe(true);
    expect(isCommitteeSizeValid(works, 7)).toBe(true);
    expect(isCommitteeSizeValid(works, 6)).toBe(false);
    expect(isCommitteeSizeValid(works, 3)).toBe(false);
    expect(isCommitteeSizeValid(largeGoods, 5)).toBe(false);
    expect(isCommitteeSizeValid(sandbox, 3)).toBe(true);
    expect(isCommitteeSizeValid(sandbox, 4.5)).toBe(false);
  });
});

describe('specialties', () => {
  it('trims, drops blanks and duplicates, keeping the order given', () => {
    expect(normalizeSpecialties([' 市政道路 ', '', '桥梁', '市政道路', '  '])).toEqual(['市政道路', '桥梁']);
  });

  it('says why a list would be refused (1–20 items of 1–32 characters)', () => {
    expect(checkSpecialties([])).toBe('empty');
    expect(checkSpecialties(['  '])).toBe('empty');
    expect(checkSpecialties(Array.from({ length: 21 }, (_v, i) => `s${i}`))).toBe('tooMany');
    expect(checkSpecialties(['x'.repeat(33)])).toBe('tooLong');
    expect(checkSpecialties(['x'.repeat(32), '桥梁'])).toBeNull();
  });

  it('offers every specialty of the pool once, in pinyin order', () => {
    expect(specialtyOptions([{ specialties: ['市政道路', '桥梁'] }, { specialties: ['桥梁'] }, { specialties: [] }])).toEqual(['桥梁', '市政道路']);
  });
});

describe('isExpertChanged', () => {
  const saved = { specialties: ['桥梁', '市政道路'], available: true };

  it('is unchanged for the same list (up to blanks and duplicates) and availability', () => {
    expect(isExpertChanged(saved, { specialties: ['桥梁', ' 市政道路', '桥梁'], available: true })).toBe(false);
  });

  it('sees a new, removed or reordered specialty and a switched availability', () => {
    expect(isExpertChanged(saved, { specialties: ['桥梁'], available: true })).toBe(true);
    expect(isExpertChanged(saved, { specialties: ['市政道路', '桥梁'], available: true })).toBe(true);
    expect(isExpertChanged(saved, { ...saved, available: false })).toBe(true);
  });
});
