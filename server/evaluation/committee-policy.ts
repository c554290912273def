import type { Actor } from '../auth';
import { isOwner, type RuleSet, type Tender } from '../tenders';

/** 政府采购货物和服务招标投标管理办法 (87号令) art. 47: a budget of 10,000,000.00 yuan or more needs a larger committee. */
export const LARGE_BUDGET_FEN = 1_000_000_000;

/**
 * The smallest committee the rule set allows for the tender:
 *   cn-law: 招标投标法 art. 37 — five or more, an odd number; 87号令 art. 47 — seven or more for goods
 *   and services bought with a budget of 10 M yuan or more;
 *   sandbox: three or more, an odd number (training and demos).
 */
export function minimumCommitteeSize(rules: RuleSet, t: Pick<Tender, 'category' | 'budgetFen'>): number {
  if (rules.name === 'sandbox') {
    return 3;
  }
  const procurement = t.category === 'goods' || t.category === 'services';
  return procurement && t.budgetFen >= LARGE_BUDGET_FEN ? 7 : 5;
}

/** Why the size breaks the rule set (as a field message), or null. */
export function checkCommitteeSize(rules: RuleSet, t: Pick<Tender, 'category' | 'budgetFen'>, size: number): string | null {
  const min = minimumCommitteeSize(rules, t);
  if (size < min || size % 2 === 0) {
    return `the ${rules.name} rules need an odd number of at least ${min} members for this tender`;
  }
  return null;
}

/** Seed and reserves, and the committee before its publication: the owner agency, supervisors (监督) and admins. */
export function canSeeCommitteeDetails(actor: Actor | null, t: Tender): boolean {
  return actor?.role === 'supervisor' || actor?.role === 'admin' || isOwner(actor, t);
}

/** Members' identities reach bidders and the public only once the candidates are published. */
export function isCommitteePublished(t: Pick<Tender, 'status'>): boolean {
  return t.status === 'publicity' || t.status === 'awarded';
}
