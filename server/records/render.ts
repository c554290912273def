import { PDFDocument, type PDFFont, type PDFPage, grayscale } from 'pdf-lib';
import { loadRecordFont, type RecordFont } from './font';
import { layoutRecord, PAGE } from './layout';
import type { DrawOp, RecordDocument } from './model';
import { cachedMeasure } from './wrap';

export type RenderOptions = { font?: RecordFont; producer?: string };

/**
 * Renders a record to PDF bytes (A4, the CJK font embedded as a subset, classic xref table so
 * that signatures can be appended as incremental updates). The same model gives the same bytes.
 */
export async function renderRecord(doc: RecordDocument, opts: RenderOptions = {}): Promise<Uint8Array> {
  const recordFont = opts.font ?? loadRecordFont();
  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(recordFont.fontkit);
  const font = await pdf.embedFont(recordFont.bytes, { subset: true });
  const measure = cachedMeasure((ch) => font.widthOfTextAtSize(ch, 1));
  for (const laidOut of layoutRecord(doc, measure)) {
    const page = pdf.addPage([PAGE.width, PAGE.height]);
    for (const op of laidOut.ops) {
      draw(page, font, op);
    }
  }
  pdf.setTitle(doc.title, { showInWindowTitleBar: true });
  pdf.setSubject(`${doc.tenderCode} ${doc.recordId}`);
  pdf.setCreator(doc.platformName);
  pdf.setProducer(opts.producer ?? 'TenderHall records (pdf-lib)');
  pdf.setLanguage('zh-CN');
  pdf.setCreationDate(doc.createdAt);
  pdf.setModificationDate(doc.createdAt);
  // NOTE: no object streams: the signature's incremental updates append a classic xref table.
  return pdf.save({ useObjectStreams: false });
}

function draw(page: PDFPage, font: PDFFont, op: DrawOp): void {
  switch (op.kind) {
    case 'text':
      if (op.text) {
        page.drawText(op.text, { x: op.x, y: op.y, size: op.size, font, color: grayscale(op.gray ?? 0) });
      }
      return;
    case 'line':
      page.drawLine({ start: { x: op.x1, y: op.y1 }, end: { x: op.x2, y: op.y2 }, thickness: op.width, color: grayscale(op.gray ?? 0) });
      return;
    case 'rect':
      page.drawRectangle({ x: op.x, y: op.y, width: op.width, height: op.height, color: grayscale(op.gray) });
      return;
  }
}
