/** `npm run certs:dev`: makes a development platform CA in certs/dev/ (git-ignored). Never for production. */
import path from 'node:path';
import fs from 'node:fs';
import { createCa, writeCaFiles } from '../server/pki';

const dir = path.resolve(__dirname, '..', 'certs', 'dev');
if (fs.existsSync(path.join(dir, 'ca.key'))) {
  process.stdout.write(`certs/dev already holds a CA (${dir}); delete it first to make a new one\n`);
} else {
  const { certFile, keyFile } = writeCaFiles(createCa({ commonName: 'TenderHall Development CA', now: new Date() }), dir);
  process.stdout.write(`development CA written:\n  CA_CERT_FILE=${certFile}\n  CA_KEY_FILE=${keyFile}\n`);
}
