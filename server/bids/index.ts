/** Bids (DESIGN §5): the sealed-bid format, streamed submission, signed receipts, withdrawal. */
export * from './sealed-bid';
export { createBidService, type BidService } from './service';
export { bidsRouter } from './routes';
export { Receipt, VerifyReceiptBody, SEALED_BID_MEDIA_TYPES, SignedReceiptResponse, OwnBidResponse, OwnBidStatusResponse, WithdrawnBidResponse, ReceiptVerdictResponse } from './schema';
export { listBidsInForce, type BidInForce } from './store';
