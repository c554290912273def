import { createHash } from 'node:crypto';
import type { TenderFacts } from './facts';

/** An OCDS party (Organization) and a reference to it. */
export type Party = { id: string; name: string; identifier?: { scheme: string; id: string; legalName: string }; roles: string[] };
export type PartyRef = { id: string; name: string };

/** org-id.guide scheme of the 统一社会信用代码 (Unified Social Credit Code). */
const USCC_SCHEME = 'CN-USCC';
const UNNAMED_BIDDER = '投标人（名称未记录）';

/**
 * The agency's organization, which the platform knows as both 招标人 and 招标代理机构: one party with
 * the roles buyer and procuringEntity, identified by its 统一社会信用代码 when it has one.
 */
export function buyerParty(f: TenderFacts): Party {
  const { name, creditCode } = f.agency;
  return creditCode
    ? { id: `${USCC_SCHEME}-${creditCode}`, name, identifier: { scheme: USCC_SCHEME, id: creditCode, legalName: name }, roles: ['buyer', 'procuringEntity'] }
    : { id: nameId(name), name, roles: ['buyer', 'procuringEntity'] };
}

/**
 * A bidder's organization as the opening record names it. Bidders are public by name only (the
 * public API shows no bidder credit code or account id), so the id is derived from the name.
 */
export function bidderRef(organization: string | null): PartyRef {
  const name = organization ?? UNNAMED_BIDDER;
  return { id: nameId(name), name };
}

/** The parties of a release: the buyer, then each bidder with its roles, in first-seen order. */
export function partiesOf(buyer: Party, bidders: { ref: PartyRef; roles: string[] }[]): Party[] {
  const byId = new Map<string, Party>([[buyer.id, buyer]]);
  for (const b of bidders) {
    const known = byId.get(b.ref.id);
    if (known) {
      known.roles = [...new Set([...known.roles, ...b.roles])];
    } else {
      byId.set(b.ref.id, { ...b.ref, roles: [...b.roles] });
    }
  }
  return [...byId.values()];
}

export const refOf = (p: Party): PartyRef => ({ id: p.id, name: p.name });

function nameId(name: string): string {
  return `TH-ORG-${createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 16)}`;
}
