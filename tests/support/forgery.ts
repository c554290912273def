import { PDFDict, PDFDocument, PDFName, rgb, StandardFonts } from 'pdf-lib';
import { signPdf } from '../../server/records';
import type { TestUser } from './factories';
import type { TestWorld } from './test-app';

/**
 * The forged-record attack (issue 13 finding 2): an incremental update appended to a genuine record
 * that overprints page 1, then, typically, a signature over the whole file by someone with a
 * platform-issued certificate. Every earlier byte stays as issued, so the platform's signature still
 * verifies over its own revision.
 */

/** Appends an incremental update that paints a white box and `text` over the top of page 1. */
export async function overprintPage1(pdf: Buffer, text: string): Promise<Buffer> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPage(0);
  const font = await doc.embedFont(StandardFonts.HelveticaBold);
  const { height } = page.getSize();
  page.drawRectangle({ x: 30, y: height - 220, width: 540, height: 190, color: rgb(1, 1, 1) });
  page.drawText(text, { x: 50, y: height - 120, size: 26, font, color: rgb(0.8, 0, 0) });
  await doc.flush();
  // Every object written again (a valid if wasteful update): the page, its new content stream, the font.
  const objects = doc.context.enumerateIndirectObjects().filter(([, o]) => {
    const type = o instanceof PDFDict ? o.get(PDFName.of('Type')) : undefined;
    return type !== PDFName.of('ObjStm') && type !== PDFName.of('XRef') && !('dict' in o && (o as { dict: PDFDict }).dict.get(PDFName.of('Type')) === PDFName.of('ObjStm'));
  });
  const parts: Buffer[] = [Buffer.from('\n', 'latin1')];
  let offset = pdf.length + 1;
  const entries: [number, number][] = [];
  for (const [ref, object] of objects) {
    const head = Buffer.from(`${ref.objectNumber} ${ref.generationNumber} obj\n`, 'latin1');
    const body = new Uint8Array(object.sizeInBytes());
    object.copyBytesInto(body, 0);
    const chunk = Buffer.concat([head, Buffer.from(body), Buffer.from('\nendobj\n', 'latin1')]);
    entries.push([ref.objectNumber, offset]);
    parts.push(chunk);
    offset += chunk.length;
  }
  entries.sort((a, b) => a[0] - b[0]);
  let xref = 'xref\n';
  for (const [n, at] of entries) {
    xref += `${n} 1\n${String(at).padStart(10, '0')} 00000 n\r\n`;
  }
  const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(pdf.subarray(pdf.length - 1024).toString('latin1'))?.[1];
  const { Root, Info, ID } = doc.context.trailerInfo;
  const trailer = [`/Size ${doc.context.largestObjectNumber + 1}`, `/Root ${String(Root)}`, `/Prev ${prev}`, ...(Info ? [`/Info ${String(Info)}`] : []), ...(ID ? [`/ID ${String(ID)}`] : [])];
  parts.push(Buffer.from(`${xref}trailer\n<<\n${trailer.join('\n')}\n>>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat([pdf, ...parts]);
}

/** Signs the whole file with a user's platform-issued certificate, as any PDF software would (an incremental signature). */
export function signWhole(w: TestWorld, pdf: Buffer, keys: { certPem: string; keyPem: string }, name: string): Promise<Buffer> {
  return signPdf(pdf, { certPem: keys.certPem, keyPem: keys.keyPem, chainPem: [w.ctx.pki.caCertificatePem] }, { signingTime: w.clock.now(), name, reason: '确认' });
}

/** POST /api/records/verify with the PDF. */
export function verifyVia(w: TestWorld, pdf: Buffer, who?: TestUser) {
  const req = w.http().post('/api/records/verify').set('Content-Type', 'application/pdf');
  return (who ? req.set('Authorization', `Bearer ${who.token}`) : req).send(pdf);
}
