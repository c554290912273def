import fs from 'node:fs';
import { Readable } from 'node:stream';
import { CliError } from './errors';

/** Talks to a TenderHall server: the error contract {error:{code,message}} becomes a CliError. */

export function apiUrl(server: string, path: string): string {
  let base: URL;
  try {
    base = new URL(server);
  } catch {
    throw new CliError(`--server must be a URL like https://tenderhall.example.cn (got ${JSON.stringify(server)})`, 2);
  }
  return new URL(`/api${path}`, base).toString();
}

export async function request(server: string, path: string, init: RequestInit & { token?: string } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) {
    headers.set('Authorization', `Bearer ${init.token}`);
  }
  let res: Response;
  try {
    res = await fetch(apiUrl(server, path), { ...init, headers });
  } catch (e) {
    const cause = (e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message;
    throw new CliError(`Cannot reach ${server}: ${cause}`, 1);
  }
  if (!res.ok) {
    let code = `HTTP_${res.status}`;
    let message = res.statusText;
    try {
      const body = (await res.json()) as { error?: { code?: string; message?: string } };
      code = body.error?.code ?? code;
      message = body.error?.message ?? message;
    } catch {
      // not JSON: keep the status line
    }
    throw new CliError(`The server refused (${res.status} ${code}): ${message}`, 1);
  }
  return res;
}

/** PUTs a file as a stream (memory stays flat whatever its size), with its length declared. */
export async function uploadFile(server: string, path: string, file: string, token: string): Promise<Response> {
  const size = fs.statSync(file).size;
  const body = Readable.toWeb(fs.createReadStream(file)) as unknown as ReadableStream<Uint8Array>;
  return request(server, path, {
    method: 'PUT',
    token,
    headers: { 'Content-Type': 'application/pkcs7-mime', 'Content-Length': String(size) },
    body,
    duplex: 'half',
  } as RequestInit & { token: string; duplex: 'half' });
}

/** The KeyTransRecipientInfos of the caller's own sealed bid (bidder-mode opening). */
export type Envelope = { bidSha256: string; recipients: { serialNumber: string; encryptedKey: string }[] };

/** What POST /opening/decrypt recorded for the bid. */
export type DecryptedBid = { status: 'valid' | 'invalid'; reason: string | null; items: Record<string, unknown> | null; decryptedBy: string };

const openingPath = (tenderId: string, what: string): string => `/tenders/${encodeURIComponent(tenderId)}/opening/${what}`;

/** GET /opening/envelope: what the bidder needs to unwrap its content key locally. */
export async function fetchEnvelope(server: string, token: string, tenderId: string): Promise<Envelope> {
  const res = await request(server, openingPath(tenderId, 'envelope'), { token });
  return (await res.json()) as Envelope;
}

/** Hands the unwrapped 32-byte content key over (不见面开标); the server decrypts and checks the bid. */
export async function handOverContentKey(server: string, token: string, tenderId: string, contentKey: Buffer): Promise<DecryptedBid> {
  const res = await request(server, openingPath(tenderId, 'decrypt'), {
    method: 'POST', token, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ contentKey: contentKey.toString('base64') }),
  });
  return ((await res.json()) as { bid: DecryptedBid }).bid;
}
