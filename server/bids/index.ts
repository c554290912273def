/** Bids (DESIGN §5): the sealed-bid format. Routes and the service come with issue 3 points 5–8. */
export * from './sealed-bid';
