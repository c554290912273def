import { appendSignaturePlaceholder } from './pdf-update';

/** A signature's place in the file: its byte range ([0, contents start, contents end, rest]). */
export type SignedRevision = { byteRange: [number, number, number, number] };

/**
 * Whether each incremental update after the first signature's revision adds only a signature, exactly
 * as the platform's signing step appends one (prepareSignature: the signature field, its widget, the
 * AcroForm and the page's /Annots; nothing else): the platform appends the same placeholder to the
 * revision before, with the /M, /Name, /Reason, /Location and /Contents size the update shows, and every
 * byte but the signature value must match. Any other added or changed object (a content stream, a
 * page, an annotation, an appearance) fails. Returns the problems, empty when every update is allowed.
 * CPU work (a PDF parse per update): run it off the event loop, and only for a file already matched.
 */
export async function checkAddedSignatures(pdf: Uint8Array, revisions: SignedRevision[]): Promise<string[]> {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const problems: string[] = [];
  for (let i = 1; i < revisions.length; i++) {
    const [, b, c, d] = revisions[i].byteRange;
    const previousEnd = revisions[i - 1].byteRange[2] + revisions[i - 1].byteRange[3];
    const problem = await checkOne(bytes, previousEnd, [0, b, c, d]).catch((err: unknown) => `cannot be rebuilt: ${(err as Error).message}`);
    if (problem) {
      problems.push(`signature ${i + 1}: the update ${problem}`);
    }
  }
  return problems;
}

async function checkOne(bytes: Buffer, previousEnd: number, [, b, c, d]: [number, number, number, number]): Promise<string | null> {
  const end = c + d;
  const dict = bytes.toString('latin1', Math.max(previousEnd, bytes.lastIndexOf(' obj', b, 'latin1')), Math.min(end, bytes.indexOf('endobj', c, 'latin1') + 6));
  const signingTime = pdfDateOf(dict);
  if (!signingTime) {
    return 'has no signing time (/M) in the platform’s form';
  }
  const rebuilt = await appendSignaturePlaceholder(bytes.subarray(0, previousEnd), {
    signingTime, name: textOf(dict, 'Name'), reason: textOf(dict, 'Reason'), location: textOf(dict, 'Location'), reservedBytes: (c - b - 2) / 2,
  });
  const [, rb, rc, rd] = rebuilt.byteRange;
  if (rb !== b || rc !== c || rc + rd !== end) {
    return 'is not the signature field the platform appends';
  }
  const same = rebuilt.bytes.subarray(previousEnd, b).equals(bytes.subarray(previousEnd, b)) && rebuilt.bytes.subarray(c, end).equals(bytes.subarray(c, end));
  return same ? null : 'adds or changes objects other than the signature';
}

/** /M (D:YYYYMMDDHHmmSSZ), as the platform writes it. */
function pdfDateOf(dict: string): Date | undefined {
  const m = /\/M \(D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z\)/.exec(dict);
  if (!m) {
    return undefined;
  }
  const at = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])));
  return Number.isNaN(at.getTime()) ? undefined : at;
}

/** A text entry written as the platform writes it (a UTF-16BE hex string); anything else rebuilds differently and fails. */
function textOf(dict: string, key: string): string | undefined {
  const hex = new RegExp(`/${key} <([0-9A-Fa-f]*)>`).exec(dict);
  if (!hex) {
    return undefined;
  }
  const raw = Buffer.from(hex[1], 'hex');
  return raw[0] === 0xfe && raw[1] === 0xff && raw.length % 2 === 0 ? Buffer.from(raw.subarray(2)).swap16().toString('utf16le') : raw.toString('latin1');
}
