import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, type PDFObject, PDFRef } from 'pdf-lib';

/**
 * Appends a signature field to a PDF as an incremental update (ISO 32000-1 §7.5.6): new objects,
 * the changed catalog/AcroForm/page, a new xref section and a trailer with /Prev. The bytes
 * before it are left as they are, so the signatures they carry stay valid.
 */

export type SignatureFieldInfo = {
  signingTime: Date;
  name?: string;
  reason?: string;
  location?: string;
  /** bytes reserved for the CMS in /Contents */
  reservedBytes: number;
};

export type PlaceholderPdf = {
  bytes: Buffer;
  byteRange: [number, number, number, number];
  fieldName: string;
};

const BYTE_RANGE_WIDTH = 48;

/** The signed PDF with an empty /Contents and its final /ByteRange written in. */
export async function appendSignaturePlaceholder(pdf: Uint8Array, info: SignatureFieldInfo): Promise<PlaceholderPdf> {
  const original = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const prevXref = lastStartXref(original);
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const ctx = doc.context;
  const changed = new Set<PDFRef>();
  const catalogRef = ctx.trailerInfo.Root;
  if (!(catalogRef instanceof PDFRef)) {
    throw new Error('the PDF has no catalog reference');
  }

  const acroForm = ensureIndirectDict(doc, ctx.lookup(catalogRef, PDFDict), 'AcroForm', catalogRef, changed);
  acroForm.dict.set(PDFName.of('SigFlags'), PDFNumber.of(3));
  const fields = ensureArray(doc, acroForm.dict, 'Fields', acroForm.ref, changed);
  const fieldName = `Signature${countSignatureFields(doc, fields.array) + 1}`;

  const page = doc.getPage(0);
  const sigRef = ctx.nextRef();
  const widgetRef = ctx.nextRef();
  const widget = ctx.obj({
    Type: 'Annot', Subtype: 'Widget', FT: 'Sig', Rect: [0, 0, 0, 0], F: 132, P: page.ref, V: sigRef,
  });
  widget.set(PDFName.of('T'), PDFHexString.fromText(fieldName));
  ctx.assign(widgetRef, widget);
  fields.array.push(widgetRef);
  const annots = ensureArray(doc, page.node, 'Annots', page.ref, changed);
  annots.array.push(widgetRef);

  const objects = [...changed].filter((ref) => ref !== sigRef).map((ref) => serialize(ref, ctx.lookup(ref) as PDFObject));
  objects.push(serialize(widgetRef, widget));
  const sigObject = signatureDictionary(sigRef, info);
  const size = ctx.largestObjectNumber + 1;

  let offset = original.length + 1;
  const entries: [number, number][] = [];
  let body = '\n';
  let contentsAt = -1;
  for (const text of [...objects, sigObject.text]) {
    const objectNumber = Number(text.slice(0, text.indexOf(' ')));
    entries.push([objectNumber, offset]);
    if (text === sigObject.text) {
      contentsAt = offset + sigObject.contentsOffset;
    }
    body += text;
    offset += text.length;
  }
  const trailer = trailerDictionary(doc, catalogRef, size, prevXref);
  const update = `${body}${xrefSection(entries)}trailer\n${trailer}\nstartxref\n${offset}\n%%EOF\n`;
  const bytes = Buffer.concat([original, Buffer.from(update, 'latin1')]);
  const contentsEnd = contentsAt + 2 + info.reservedBytes * 2;
  const byteRange: PlaceholderPdf['byteRange'] = [0, contentsAt, contentsEnd, bytes.length - contentsEnd];
  const rangeText = `[${byteRange.join(' ')}]`.padEnd(BYTE_RANGE_WIDTH, ' ');
  bytes.write(rangeText, contentsAt + sigObject.byteRangeOffset - sigObject.contentsOffset, 'latin1');
  return { bytes, byteRange, fieldName };
}

function signatureDictionary(ref: PDFRef, info: SignatureFieldInfo): { text: string; contentsOffset: number; byteRangeOffset: number } {
  const head = `${ref.objectNumber} ${ref.generationNumber} obj\n<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /adbe.pkcs7.detached\n/ByteRange `;
  const byteRangeOffset = head.length;
  const beforeContents = `${head}${'['.padEnd(BYTE_RANGE_WIDTH - 1, ' ')}]\n/Contents `;
  const contentsOffset = beforeContents.length;
  const optional = [
    ['Name', info.name],
    ['Reason', info.reason],
    ['Location', info.location],
  ].flatMap(([key, value]) => (value ? [`/${key} ${PDFHexString.fromText(value).toString()}\n`] : []));
  const text = `${beforeContents}<${'0'.repeat(info.reservedBytes * 2)}>\n/M (${pdfDate(info.signingTime)})\n${optional.join('')}>>\nendobj\n`;
  return { text, contentsOffset, byteRangeOffset };
}

/** D:YYYYMMDDHHmmSSZ, UTC. */
function pdfDate(at: Date): string {
  return `D:${at.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

function serialize(ref: PDFRef, object: PDFObject): string {
  const text = `${ref.objectNumber} ${ref.generationNumber} obj\n${object.toString()}\nendobj\n`;
  if (/[^\x00-\x7f]/.test(text)) {
    // NOTE: PDFDict.toString() is char-based; byte offsets below assume one byte per char.
    throw new Error('a changed PDF object has non-ASCII text');
  }
  return text;
}

function xrefSection(entries: [number, number][]): string {
  const sorted = [...entries].sort((a, b) => a[0] - b[0]);
  let out = 'xref\n';
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1][0] === sorted[j][0] + 1) {
      j += 1;
    }
    out += `${sorted[i][0]} ${j - i + 1}\n`;
    for (let k = i; k <= j; k++) {
      out += `${String(sorted[k][1]).padStart(10, '0')} 00000 n\r\n`;
    }
    i = j + 1;
  }
  return out;
}

function trailerDictionary(doc: PDFDocument, root: PDFRef, size: number, prev: number): string {
  const { Info, ID } = doc.context.trailerInfo;
  const parts = [`/Size ${size}`, `/Root ${root.toString()}`, `/Prev ${prev}`];
  if (Info) {
    parts.push(`/Info ${Info.toString()}`);
  }
  if (ID) {
    parts.push(`/ID ${ID.toString()}`);
  }
  return `<<\n${parts.join('\n')}\n>>`;
}

/** The offset after the last `startxref` (where the previous xref section starts). */
function lastStartXref(bytes: Buffer): number {
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1');
  const match = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!match) {
    throw new Error('the PDF does not end with startxref / %%EOF');
  }
  return Number(match[1]);
}

/** dict[key] as an indirect dictionary (made one if inline or missing); marks what must be rewritten. */
function ensureIndirectDict(doc: PDFDocument, owner: PDFDict, key: string, ownerRef: PDFRef, changed: Set<PDFRef>): { dict: PDFDict; ref: PDFRef } {
  const value = owner.get(PDFName.of(key));
  if (value instanceof PDFRef) {
    changed.add(value);
    return { dict: doc.context.lookup(value, PDFDict), ref: value };
  }
  const dict = value instanceof PDFDict ? value : doc.context.obj({});
  const ref = doc.context.register(dict);
  owner.set(PDFName.of(key), ref);
  changed.add(ownerRef).add(ref);
  return { dict, ref };
}

/** dict[key] as an array (inline or indirect, made if missing); marks the object holding it as changed. */
function ensureArray(doc: PDFDocument, owner: PDFDict, key: string, ownerRef: PDFRef, changed: Set<PDFRef>): { array: PDFArray } {
  const value = owner.get(PDFName.of(key));
  if (value instanceof PDFRef) {
    changed.add(value);
    return { array: doc.context.lookup(value, PDFArray) };
  }
  const array = value instanceof PDFArray ? value : doc.context.obj([]);
  owner.set(PDFName.of(key), array);
  changed.add(ownerRef);
  return { array };
}

function countSignatureFields(doc: PDFDocument, fields: PDFArray): number {
  return fields.asArray().filter((f) => doc.context.lookupMaybe(f, PDFDict)?.get(PDFName.of('FT')) === PDFName.of('Sig')).length;
}
