import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const FIXTURES = path.resolve(__dirname, '../fixtures/ocds');
const load = (file: string): Record<string, unknown> => JSON.parse(fs.readFileSync(path.join(FIXTURES, file), 'utf8')) as Record<string, unknown>;

/** An OCDS release as the tests read it. */
export type OcdsRelease = {
  ocid: string; id: string; date: string; tag: string[];
  parties: { id: string; name: string; roles: string[]; identifier?: { scheme: string; id: string } }[];
  buyer: { id: string; name: string };
  tender: Record<string, unknown> & { tenderPeriod: { startDate: string; endDate: string }; value: { amount: number; currency: string }; status: string };
  awards?: { id: string; status: string; date: string; suppliers: { id: string; name: string }[]; value?: { amount: number; currency: string }; documents: { url: string; documentType: string }[] }[];
  contracts?: { id: string; awardID: string; status: string; value?: { amount: number; currency: string } }[];
};
export type OcdsPackage = { uri: string; version: string; publishedDate: string; publisher: { name: string }; extensions: string[]; releases: OcdsRelease[]; links?: { next: string } };

/**
 * The official OCDS 1.1.5 release-package schema (tests/fixtures/ocds, draft-04) with the release
 * schema registered under the URL the package schema refers to, so nothing is fetched.
 * strict: false lets ajv pass over OCDS's own annotation keywords (codelist, omitWhenMerged, …).
 */
export function createOcdsValidator(): (pkg: unknown) => string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(load('release-schema.json'));
  const validate = ajv.compile(load('release-package-schema.json'));
  return (pkg) => (validate(pkg) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`));
}
