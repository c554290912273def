/** Pure helpers for the committee drawing and the expert pool forms (no DOM, unit-tested). */

/** 87号令 art. 47: goods and services with a budget of 10,000,000.00 yuan or more need seven members. */
const LARGE_BUDGET_YUAN = 10_000_000;

export type SizeRuleInput = { ruleSet: string | null; category: string; budget: string };

/**
 * The smallest committee the tender's rule set allows, as server/evaluation/committee-policy.ts
 * decides it: cn-law 5 (7 for large goods/services), sandbox 3; always odd.
 */
export function minimumCommitteeSize(t: SizeRuleInput): number {
  if (t.ruleSet === 'sandbox') {
    return 3;
  }
  const procurement = t.category === 'goods' || t.category === 'services';
  return procurement && Number(t.budget) >= LARGE_BUDGET_YUAN ? 7 : 5;
}

/** Whether the size is legal for the tender (odd, at least the minimum). */
export function isCommitteeSizeValid(t: SizeRuleInput, size: number): boolean {
  return Number.isInteger(size) && size >= minimumCommitteeSize(t) && size % 2 === 1;
}

export const SPECIALTY_MAX = 32;
export const SPECIALTIES_MAX = 20;

/** Trimmed, non-empty, de-duplicated specialties in the order given. */
export function normalizeSpecialties(values: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const v of values) {
    const s = v.trim();
    if (s.length > 0) {
      seen.add(s);
    }
  }
  return [...seen];
}

export type SpecialtiesProblem = 'empty' | 'tooMany' | 'tooLong' | null;

/** Why a specialty list would be refused (1–20 items of 1–32 characters), or null. */
export function checkSpecialties(values: readonly string[]): SpecialtiesProblem {
  const list = normalizeSpecialties(values);
  if (list.length === 0) {
    return 'empty';
  }
  if (list.length > SPECIALTIES_MAX) {
    return 'tooMany';
  }
  return list.some((s) => s.length > SPECIALTY_MAX) ? 'tooLong' : null;
}

/** Every specialty present in the pool, sorted, for the tag pickers. */
export function specialtyOptions(experts: readonly { specialties: readonly string[] }[]): string[] {
  return [...new Set(experts.flatMap((e) => e.specialties))].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

/** Whether an expert's edited profile differs from the saved one. */
export function isExpertChanged(saved: { specialties: readonly string[]; available: boolean }, edited: { specialties: readonly string[]; available: boolean }): boolean {
  const a = normalizeSpecialties(saved.specialties);
  const b = normalizeSpecialties(edited.specialties);
  return saved.available !== edited.available || a.length !== b.length || a.some((s, i) => s !== b[i]);
}
