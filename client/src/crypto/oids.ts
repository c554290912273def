/** Object identifiers of DESIGN §5: the server's table, so browser and server seal with the same values. */
export { OID } from '../../../server/bids/cms/oids';
