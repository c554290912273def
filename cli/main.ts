import fs from 'node:fs';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { makeBidPackage, sealBidChunks, signBid } from '../server/bids';
import { checkBidJson } from '../client/src/crypto/bid-package';
import { CliError, usage } from './errors';
import { decryptKey, encryptKey, generateKey, makeCsr, makePkcs12, openingCertificateTender, readPkcs12 } from './identity';
import { decryptOwnBid } from './decrypt';
import { verifyReceiptFile } from './receipt';
import { signRecord } from './sign-record';
import { request, uploadFile } from './server-api';

/**
 * tenderhall — the bid tool (投标工具, issue 3 point 9). Everything up to the upload works
 * offline; the key never leaves this machine except inside the password-protected PKCS#12.
 */

/** What the CLI touches outside itself; `now` is its clock (the real one unless a caller, e.g. a test world, gives its own). */
export type Io = { out: (line: string) => void; err: (line: string) => void; cwd: string; env: Record<string, string | undefined>; now?: () => Date };

const HELP = `tenderhall — TenderHall 投标工具 (bid tool)

Usage: tenderhall <command> [options]

Commands:
  keygen              make an RSA key and CSR; with --server/--token enroll and write a PKCS#12
                        --out bidder.p12 --password PW [--bits 2048|3072] [--name CN]
                        [--server URL --token T]   (without them: writes <out>.key.pem and <out>.csr.pem)
  enroll              enroll a key made earlier by keygen and write the PKCS#12
                        --key bidder.p12.key.pem --csr bidder.p12.csr.pem --password PW --out bidder.p12 --server URL --token T
  fetch-opening-cert  download a tender's opening certificate
                        --server URL --tender ID --out opening.pem
  seal                build, sign and seal a bid (offline)
                        --tender ID --bid-json bid.json [--files a.pdf b.pdf …] --p12 bidder.p12 --password PW
                        --opening-cert opening.pem --out bid.p7m
  submit              upload a sealed bid and keep the receipt (回执)
                        --server URL --token T --tender ID bid.p7m [--receipt bid.receipt.json]
  verify-receipt      check a receipt's platform signature
                        bid.receipt.json --ca ca.pem     (offline)
                        bid.receipt.json --server URL    (asks POST /api/receipts/verify)
  decrypt             不见面开标: unwrap your bid's content key with your private key and hand it over
                        --server URL --token T --tender ID --p12 bidder.p12 --password PW
                        [--bid bid.p7m]   (take the wrapped key from your sealed file, not the server)
  sign-record         评标报告签名: sign the evaluation report with your own key (committee members)
                        --server URL --token T --record ID --p12 member.p12 --password PW

Passwords: --password PW, --password-file FILE, or the TENDERHALL_PASSWORD environment variable.
Exit codes: 0 done · 1 refused, invalid or failed · 2 usage error.
Run "tenderhall <command> --help" for one command.`;

type Options = Record<string, string | boolean | string[] | undefined>;

const COMMON: ParseArgsConfig['options'] = { help: { type: 'boolean', short: 'h' } };

export async function main(argv: string[], io: Io = defaultIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP);
      return command ? 0 : 2;
    }
    const run = COMMANDS[command];
    if (!run) {
      throw usage(`Unknown command "${command}". Run "tenderhall --help".`);
    }
    const { values, positionals } = parse(run.options, rest);
    if (values.help) {
      io.out(commandHelp(command));
      return 0;
    }
    await run.handler(values, positionals, io);
    return 0;
  } catch (e) {
    if (e instanceof CliError) {
      io.err(`tenderhall ${command ?? ''}: ${e.message}`);
      return e.exitCode;
    }
    const code = (e as { code?: string }).code;
    io.err(`tenderhall ${command ?? ''}: ${code ? `${code}: ` : ''}${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function parse(options: ParseArgsConfig['options'], args: string[]) {
  try {
    return parseArgs({ args, options: { ...COMMON, ...options }, allowPositionals: true, strict: true }) as { values: Options; positionals: string[] };
  } catch (e) {
    throw usage((e as Error).message);
  }
}

function commandHelp(command: string): string {
  const lines = HELP.split('\n');
  const start = lines.findIndex((l) => l.trimStart().startsWith(`${command} `) || l.trim() === command);
  const block = [lines[start]];
  for (let i = start + 1; i < lines.length && /^\s{22,}/.test(lines[i]); i++) {
    block.push(lines[i]);
  }
  return `Usage: tenderhall ${block.join('\n').trim()}`;
}

const str = (v: Options, name: string): string | undefined => (typeof v[name] === 'string' ? (v[name] as string) : undefined);

function required(v: Options, name: string): string {
  const value = str(v, name);
  if (!value) {
    throw usage(`--${name} is required`);
  }
  return value;
}

function password(v: Options, io: Io): string {
  const file = str(v, 'password-file');
  const pw = str(v, 'password') ?? (file ? readText(file, io).replace(/\r?\n$/, '') : undefined) ?? io.env.TENDERHALL_PASSWORD;
  if (!pw) {
    throw usage('a password is required: --password, --password-file or TENDERHALL_PASSWORD');
  }
  return pw;
}

const resolve = (io: Io, p: string): string => path.resolve(io.cwd, p);

function readFile(file: string, io: Io): Buffer {
  try {
    return fs.readFileSync(resolve(io, file));
  } catch (e) {
    throw new CliError(`Cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 1);
  }
}

const readText = (file: string, io: Io): string => readFile(file, io).toString('utf8');

/** Writes through a temporary file and a rename, so a failure never leaves half a file. */
function writeFile(file: string, data: Buffer | string | Iterable<Buffer>, io: Io, mode = 0o644): string {
  const target = resolve(io, file);
  const tmp = `${target}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w', mode);
  try {
    if (typeof data === 'string' || Buffer.isBuffer(data)) {
      fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    } else {
      for (const chunk of data) {
        fs.writeSync(fd, chunk);
      }
    }
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fs.closeSync(fd);
  fs.renameSync(tmp, target);
  return target;
}

const PW: ParseArgsConfig['options'] = { password: { type: 'string' }, 'password-file': { type: 'string' } };
const SERVER: ParseArgsConfig['options'] = { server: { type: 'string' }, token: { type: 'string' } };

type Command = { options: ParseArgsConfig['options']; handler: (v: Options, positionals: string[], io: Io) => Promise<void> };

const COMMANDS: Record<string, Command> = {
  keygen: {
    options: { out: { type: 'string', short: 'o' }, bits: { type: 'string' }, name: { type: 'string' }, ...PW, ...SERVER },
    handler: async (v, _p, io) => {
      const out = required(v, 'out');
      const pw = password(v, io);
      const bits = Number(str(v, 'bits') ?? '2048');
      if (![2048, 3072, 4096].includes(bits)) {
        throw usage('--bits must be 2048, 3072 or 4096');
      }
      if (Boolean(str(v, 'server')) !== Boolean(str(v, 'token'))) {
        throw usage('--server and --token go together');
      }
      const keyPem = generateKey(bits);
      const csrPem = makeCsr(keyPem, str(v, 'name') ?? 'TenderHall bidder');
      if (!str(v, 'server')) {
        const keyFile = writeFile(`${out}.key.pem`, encryptKey(keyPem, pw), io, 0o600);
        const csrFile = writeFile(`${out}.csr.pem`, csrPem, io);
        io.out(`RSA-${bits} key (encrypted with your password): ${keyFile}`);
        io.out(`CSR: ${csrFile}`);
        io.out(`Enroll it later: tenderhall enroll --key ${out}.key.pem --csr ${out}.csr.pem --out ${out} --server URL --token T --password …`);
        return;
      }
      await enroll(v, io, keyPem, csrPem, out, pw);
    },
  },
  enroll: {
    options: { out: { type: 'string', short: 'o' }, key: { type: 'string' }, csr: { type: 'string' }, ...PW, ...SERVER },
    handler: async (v, _p, io) => {
      const pw = password(v, io);
      const keyPem = decryptKey(readText(required(v, 'key'), io), pw);
      await enroll(v, io, keyPem, readText(required(v, 'csr'), io), required(v, 'out'), pw);
    },
  },
  'fetch-opening-cert': {
    options: { tender: { type: 'string' }, out: { type: 'string', short: 'o' }, server: { type: 'string' } },
    handler: async (v, _p, io) => {
      const tender = required(v, 'tender');
      const res = await request(required(v, 'server'), `/tenders/${encodeURIComponent(tender)}/opening-certificate`);
      const pem = await res.text();
      const named = openingCertificateTender(pem);
      if (named && named !== tender) {
        throw new CliError(`The server sent the opening certificate of tender ${named}, not ${tender}`, 1);
      }
      io.out(`Opening certificate of tender ${tender}: ${writeFile(required(v, 'out'), pem, io)}`);
    },
  },
  seal: {
    options: {
      tender: { type: 'string' }, 'bid-json': { type: 'string' }, files: { type: 'string', multiple: true }, p12: { type: 'string' },
      'opening-cert': { type: 'string' }, out: { type: 'string', short: 'o' }, ...PW,
    },
    handler: async (v, positionals, io) => {
      const tender = required(v, 'tender');
      const out = required(v, 'out');
      let bidJson: unknown;
      try {
        bidJson = JSON.parse(readText(required(v, 'bid-json'), io));
      } catch (e) {
        throw e instanceof CliError ? e : new CliError(`${str(v, 'bid-json')} is not JSON: ${(e as Error).message}`, 1);
      }
      const problems = checkBidJson(bidJson, tender);
      if (problems.length > 0) {
        throw new CliError(problems.join('\n  '), 1);
      }
      const openingPem = readText(required(v, 'opening-cert'), io);
      const named = openingCertificateTender(openingPem);
      if (named && named !== tender) {
        throw new CliError(`${str(v, 'opening-cert')} is the opening certificate of tender ${named}, not ${tender}`, 1);
      }
      const identity = readPkcs12(readFile(required(v, 'p12'), io), password(v, io));
      const now = io.now?.() ?? new Date();
      if (identity.notAfter.getTime() < now.getTime()) {
        throw new CliError(`Your certificate expired at ${identity.notAfter.toISOString()}; enroll a new one`, 1);
      }
      // NOTE: parseArgs takes one value per --files; the rest of the list arrives as positionals.
      const fileArgs = [...((v.files as string[] | undefined) ?? []), ...positionals];
      const files = fileArgs.map((f) => ({ name: path.basename(f), data: readFile(f, io) }));
      const zip = makeBidPackage({ bidJson, files });
      const signed = signBid(zip, identity.certPem, identity.keyPem, now);
      const target = writeFile(out, sealBidChunks(signed, [openingPem, identity.certPem]), io);
      io.out(`Sealed bid for tender ${tender}: ${target} (${fs.statSync(target).size} bytes)`);
      io.out(`  package: bid.json${files.map((f) => `, ${f.name}`).join('')}; signed by ${identity.subject}`);
      io.out('  recipients: the opening certificate and your own certificate');
    },
  },
  submit: {
    options: { tender: { type: 'string' }, receipt: { type: 'string' }, ...SERVER },
    handler: async (v, positionals, io) => {
      const tender = required(v, 'tender');
      const [file, ...extra] = positionals;
      if (!file || extra.length > 0) {
        throw usage('give exactly one sealed bid file, e.g. tenderhall submit … bid.p7m');
      }
      readFile(file, io).subarray(0, 0); // fail early, clearly, when it is missing
      const res = await uploadFile(required(v, 'server'), `/tenders/${encodeURIComponent(tender)}/bid`, resolve(io, file), required(v, 'token'));
      const body = (await res.json()) as { receipt: Record<string, unknown>; signature: string };
      const receiptFile = str(v, 'receipt') ?? file.replace(/\.p7m$/i, '') + '.receipt.json';
      const saved = writeFile(receiptFile, `${JSON.stringify(body, null, 2)}\n`, io);
      const r = body.receipt;
      io.out(`Received: tender ${String(r.tenderCode ?? r.tenderId)}, bid ${String(r.bidId)} version ${String(r.version)}`);
      io.out(`  receivedAt ${String(r.receivedAt)} · ${String(r.size)} bytes · sha256 ${String(r.sha256)}`);
      io.out(`  receipt (回执) saved: ${saved}`);
    },
  },
  'verify-receipt': {
    options: { ca: { type: 'string' }, server: { type: 'string' } },
    handler: async (v, positionals, io) => {
      const [file, ...extra] = positionals;
      if (!file || extra.length > 0) {
        throw usage('give one receipt file, e.g. tenderhall verify-receipt bid.receipt.json --ca ca.pem');
      }
      if (!str(v, 'ca') && !str(v, 'server')) {
        throw usage('--ca ca.pem (offline) or --server URL is required');
      }
      const ca = str(v, 'ca');
      await verifyReceiptFile({ file, text: readText(file, io), caPem: ca ? readText(ca, io) : null, caName: ca ?? null, server: str(v, 'server') ?? null }, io);
    },
  },
  decrypt: {
    options: { tender: { type: 'string' }, p12: { type: 'string' }, bid: { type: 'string' }, ...PW, ...SERVER },
    handler: async (v, _p, io) => {
      const [server, token, tender] = [required(v, 'server'), required(v, 'token'), required(v, 'tender')];
      const identity = readPkcs12(readFile(required(v, 'p12'), io), password(v, io));
      const bidFile = str(v, 'bid');
      await decryptOwnBid({ server, token, tender, identity, sealedBid: bidFile ? readFile(bidFile, io) : null }, io);
    },
  },
  'sign-record': {
    options: { record: { type: 'string' }, p12: { type: 'string' }, ...PW, ...SERVER },
    handler: async (v, _p, io) => {
      const identity = readPkcs12(readFile(required(v, 'p12'), io), password(v, io));
      await signRecord({ server: required(v, 'server'), token: required(v, 'token'), record: required(v, 'record'), identity }, io);
    },
  },
};


async function enroll(v: Options, io: Io, keyPem: string, csrPem: string, out: string, pw: string): Promise<void> {
  const res = await request(required(v, 'server'), '/certs', {
    method: 'POST', token: required(v, 'token'), headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ csr: csrPem }),
  });
  const cert = (await res.json()) as { id: string; subject: string; certificate: string; chain: string[]; notAfter: string };
  const p12 = makePkcs12(keyPem, cert.certificate, cert.chain ?? [], pw, cert.subject);
  const target = writeFile(out, p12, io, 0o600);
  io.out(`Certificate ${cert.id} issued to ${cert.subject}, valid until ${cert.notAfter}`);
  io.out(`PKCS#12 (key + certificate + CA chain, protected by your password): ${target}`);
  io.out('Keep it safe: the platform does not have your private key and cannot recover it.');
}

function defaultIo(): Io {
  return { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`), cwd: process.cwd(), env: process.env };
}
