import { fromMs } from '../db/convert';
import { awardsSection } from './award-section';
import type { TenderFacts } from './facts';
import { buyerParty, partiesOf, refOf } from './parties';
import { stagesOf, tagsOf, type Stage } from './stages';
import { tenderSection } from './tender-section';

/** An OCDS 1.1 release; `date` is also kept in ms for ordering the feed. */
export type Release = { ocid: string; id: string; date: string; tag: string[]; initiationType: 'tender'; [field: string]: unknown };
export type DatedRelease = { at: number; release: Release };

export type ReleaseOptions = { ocidPrefix: string; publicUrl: string };

/** The ocid of a tender: the configured prefix (OCDS_OCID_PREFIX) and the tender id. */
export function ocidOf(prefix: string, tenderId: string): string {
  return `${prefix}-${tenderId}`;
}

/**
 * Every release of one tender, oldest first: one per stage (stages.ts), each showing the tender as
 * it stood then. Ids are `${ocid}-${stage}` (stable: the same stage always has the same id); dates
 * are the server-clock times of the changes themselves.
 */
export function releasesOf(f: TenderFacts, opts: ReleaseOptions): DatedRelease[] {
  const stages = stagesOf(f);
  return stages.map((stage, i) => ({ at: stage.date, release: releaseAt(f, stages.slice(0, i + 1), opts) }));
}

function releaseAt(f: TenderFacts, scope: Stage[], opts: ReleaseOptions): Release {
  const stage = scope[scope.length - 1];
  const ocid = ocidOf(opts.ocidPrefix, f.tender.id);
  const base = opts.publicUrl.replace(/\/+$/, '');
  const buyer = buyerParty(f);
  const tender = tenderSection(f, scope, refOf(buyer), base);
  const awarded = awardsSection(f, scope, base);
  const tenderers = (tender.tenderers as { id: string; name: string }[] | undefined) ?? [];
  const supplierIds = new Set((awarded?.suppliers ?? []).map((s) => s.id));
  const bidders = [
    ...tenderers.map((ref) => ({ ref, roles: supplierIds.has(ref.id) ? ['tenderer', 'supplier'] : ['tenderer'] })),
    ...(awarded?.suppliers ?? []).map((ref) => ({ ref, roles: ['supplier'] })),
  ];
  return {
    ocid,
    id: `${ocid}-${stage.key}`,
    date: fromMs(stage.date),
    tag: tagsOf(stage, scope),
    initiationType: 'tender',
    language: 'zh',
    parties: partiesOf(buyer, bidders),
    buyer: refOf(buyer),
    tender,
    ...(awarded ? { awards: awarded.awards } : {}),
    ...(awarded && awarded.contracts.length > 0 ? { contracts: awarded.contracts } : {}),
  };
}
