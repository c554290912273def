import { HttpError } from '../../http/errors';

/** A sealed or signed bid that is not what DESIGN §5 says: 400 BID_MALFORMED with a human reason. */
export function malformed(reason: string): HttpError {
  return new HttpError(400, 'BID_MALFORMED', `Malformed bid: ${reason}`);
}
