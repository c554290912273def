import { assembleSignedData, signAttributes } from '../server/records/cms';
import { CliError } from './errors';
import type { Identity } from './identity';
import type { Io } from './main';
import { request } from './server-api';

type Preparation = { preparationId: string; digest: string; signedAttributes: string; signingTime: string };
type Signers = { signers: { name: string; signedAt: string | null }[]; complete: boolean; canSign: boolean };

/**
 * tenderhall sign-record (评标报告签名): a committee member signs the evaluation report with its own
 * key. The server prepares the byte range and the signed attributes; the key signs them here and
 * only the detached CMS goes back. Another member signing in between means preparing again.
 */
export async function signRecord({ server, token, record, identity }: { server: string; token: string; record: string; identity: Identity }, io: Io): Promise<void> {
  const path = `/records/${encodeURIComponent(record)}/signatures`;
  const json = { 'Content-Type': 'application/json' };
  for (let attempt = 1; ; attempt++) {
    const prep = (await (await request(server, `${path}/prepare`, { method: 'POST', token })).json()) as Preparation;
    io.out(`Prepared: byte range digest ${prep.digest} at ${prep.signingTime}`);
    const attrs = Buffer.from(prep.signedAttributes, 'base64');
    const cms = assembleSignedData(attrs, signAttributes(attrs, identity.keyPem), identity.certPem, identity.chainPems);
    try {
      await request(server, path, { method: 'POST', token, headers: json, body: JSON.stringify({ preparationId: prep.preparationId, cms: cms.toString('base64') }) });
      break;
    } catch (e) {
      if (!(e instanceof CliError && /RECORD_CHANGED/.test(e.message)) || attempt >= 5) {
        throw e;
      }
      io.out('Another member signed meanwhile; preparing again over the new revision');
    }
  }
  const status = (await (await request(server, path, { token })).json()) as Signers;
  io.out(`Signed by ${identity.subject}. ${status.signers.filter((s) => s.signedAt).length} of ${status.signers.length} members have signed${status.complete ? ': the report is complete.' : '.'}`);
}
