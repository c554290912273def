import { Router, type Request } from 'express';
import type { AppContext } from '../context';
import { HttpError } from '../http/errors';
import { actorOf, requireRole } from '../http/auth';
import { parse } from '../http/validate';
import { TenderParams } from '../tenders';
import { presentOwnBid, presentReceipt } from './present';
import { SEALED_BID_MEDIA_TYPES, VerifyReceiptBody } from './schema';

/** /tenders/:id/bid (the bidder's own sealed bid) and /receipts/verify (anyone). */
export function bidsRouter({ bids, audit, db }: Pick<AppContext, 'bids' | 'audit' | 'db'>): Router {
  const r = Router();

  // NOTE: the body is not parsed: the request itself is streamed into the blob store (DESIGN §4).
  r.put('/tenders/:tenderId/bid', requireRole('bidder'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    requireSealedBidType(req);
    const version = await bids.submit(actorOf(req), tenderId, req, declaredLength(req), req.arrivedAt);
    // Beside the receipt (its signed bytes unchanged): the latest signed checkpoint of the audit chain, an anchor the bidder keeps (DESIGN §8).
    res.status(201).json({ ...presentReceipt(version), checkpoint: await audit.checkpoints.latest(db) });
  });

  r.get('/tenders/:tenderId/bid', requireRole('bidder'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const own = await bids.findOwn(actorOf(req), tenderId);
    // receiptRecordId: the receipt PDF (投标回执) of the version shown, null until it is issued.
    res.json(own ? { bid: presentOwnBid(own.bid, own.version, own.receiptRecordId), checkpoint: await audit.checkpoints.latest(db) } : { bid: null });
  });

  r.delete('/tenders/:tenderId/bid', requireRole('bidder'), async (req, res) => {
    const { tenderId } = parse(TenderParams, req.params);
    const own = await bids.withdraw(actorOf(req), tenderId);
    res.json({ bid: presentOwnBid(own.bid, own.version, own.receiptRecordId) });
  });

  r.post('/receipts/verify', async (req, res) => {
    const { receipt, signature } = parse(VerifyReceiptBody, req.body);
    res.json(await bids.verify(receipt, signature));
  });

  return r;
}

function requireSealedBidType(req: Request): void {
  if (!req.is([...SEALED_BID_MEDIA_TYPES])) {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the sealed bid as application/pkcs7-mime');
  }
}

function declaredLength(req: Request): number | null {
  const n = Number(req.headers['content-length']);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}
