import { fromMs, fromMsOrNull } from '../db/convert';
import type { Receipt } from './schema';
import type { Bid, BidVersion } from './store';

/** The 201 answer to a submission: the receipt object and its signature. */
export function presentReceipt(v: Pick<BidVersion, 'receipt' | 'signature'>) {
  return { receipt: JSON.parse(v.receipt) as Receipt, signature: v.signature };
}

/**
 * A bid as its own bidder sees it (never anyone else before the opening): an allow-list, no
 * blob key, no certificate id.
 */
export function presentOwnBid(bid: Bid, v: BidVersion, receiptRecordId: string | null) {
  return {
    bidId: bid.id,
    version: v.version,
    status: bid.status,
    sha256: v.sha256,
    size: v.size,
    receivedAt: fromMs(v.receivedAt),
    withdrawnAt: fromMsOrNull(v.withdrawnAt),
    ...presentReceipt(v),
    receiptRecordId,
  };
}
