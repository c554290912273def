import type { Block, DrawOp, KeyValues, LaidOutPage, Measure, RecordDocument, Table } from './model';
import { wrapText } from './wrap';

/** A4 in points, and the page furniture's geometry. */
export const PAGE = { width: 595.28, height: 841.89, marginX: 56, top: 70, bottom: 64 } as const;
const BODY = { size: 10.5, leading: 1.55 };
const TABLE = { size: 9, leading: 1.4, padX: 4, padY: 3.5 };
const HEADING = { 1: 15, 2: 12 } as const;
const KEY_COLUMN = 0.28;
const HEADER_GRAY = 0.92;
const RULE_GRAY = 0.45;

/**
 * Lays a record out on A4 pages: title, headings, wrapped paragraphs, key-value blocks and tables
 * whose rows break across pages with the header row repeated; then a header (platform, tender
 * code, record id) and a footer (page X / Y, verification URL) on every page. Pure.
 */
export function layoutRecord(doc: RecordDocument, measure: Measure): LaidOutPage[] {
  const pages: LaidOutPage[] = [];
  const contentWidth = PAGE.width - 2 * PAGE.marginX;
  let ops: DrawOp[] = [];
  let y = 0;
  const newPage = () => {
    ops = [];
    pages.push({ ops });
    y = PAGE.height - PAGE.top;
  };
  const room = () => y - PAGE.bottom;
  newPage();

  const titleSize = 18;
  ops.push({ kind: 'text', x: PAGE.marginX + (contentWidth - measure(doc.title, titleSize)) / 2, y: y - titleSize, size: titleSize, text: doc.title });
  y -= titleSize * 2.2;

  for (const block of doc.blocks) {
    placeBlock(block);
  }
  pages.forEach((page, i) => page.ops.push(...furniture(doc, i + 1, pages.length, measure)));
  return pages;

  function placeBlock(block: Block): void {
    switch (block.kind) {
      case 'page-break':
        newPage();
        return;
      case 'heading': {
        const size = HEADING[block.level ?? 1];
        const lines = wrapText(block.text, contentWidth, size, measure);
        // Keep a heading with at least two body lines after it.
        if (room() < lines.length * size * 1.5 + size * 0.8 + BODY.size * BODY.leading * 2) {
          newPage();
        }
        y -= size * 0.6;
        placeLines(lines, PAGE.marginX, size, 1.5);
        y -= size * 0.3;
        return;
      }
      case 'paragraph':
        placeLines(wrapText(block.text, contentWidth, BODY.size, measure), PAGE.marginX, BODY.size, BODY.leading);
        y -= BODY.size * 0.5;
        return;
      case 'key-values':
        placeKeyValues(block);
        return;
      case 'table':
        placeTable(block);
        return;
    }
  }

  function placeLines(lines: string[], x: number, size: number, leading: number): void {
    for (const line of lines) {
      if (room() < size * leading) {
        newPage();
      }
      y -= size * leading;
      ops.push({ kind: 'text', x, y: y + size * (leading - 1) / 2 + size * 0.18, size, text: line });
    }
  }

  function placeKeyValues(block: KeyValues): void {
    const keyWidth = contentWidth * KEY_COLUMN;
    const lineHeight = BODY.size * BODY.leading;
    for (const { key, value } of block.items) {
      const keyLines = wrapText(key, keyWidth - 8, BODY.size, measure);
      const valueLines = wrapText(value, contentWidth - keyWidth, BODY.size, measure);
      // The key's lines must fit beside the first value lines; the value may go on to the next page.
      if (room() < Math.max(keyLines.length, Math.min(valueLines.length, 3)) * lineHeight) {
        newPage();
      }
      const top = y;
      const pageOps = ops;
      placeLines(keyLines, PAGE.marginX, BODY.size, BODY.leading);
      const afterKey = y;
      y = top;
      placeLines(valueLines, PAGE.marginX + keyWidth, BODY.size, BODY.leading);
      if (ops === pageOps) {
        y = Math.min(y, afterKey);
      }
    }
    y -= BODY.size * 0.6;
  }

  function placeTable(table: Table): void {
    const weights = table.columns.map((c) => c.width ?? 1);
    const sum = weights.reduce((a, b) => a + b, 0);
    const widths = weights.map((w) => (w / sum) * contentWidth);
    const lineHeight = TABLE.size * TABLE.leading;
    const cellLines = (cells: string[]) => cells.map((text, i) => wrapText(text ?? '', widths[i] - 2 * TABLE.padX, TABLE.size, measure));
    const rowHeight = (lines: string[][]) => Math.max(1, ...lines.map((l) => l.length)) * lineHeight + 2 * TABLE.padY;
    const headerLines = cellLines(table.columns.map((c) => c.title));
    const headerHeight = rowHeight(headerLines);
    const drawRow = (lines: string[][], height: number, isHeader: boolean) => {
      const top = y;
      if (isHeader) {
        ops.push({ kind: 'rect', x: PAGE.marginX, y: top - height, width: contentWidth, height, gray: HEADER_GRAY });
      }
      let x = PAGE.marginX;
      lines.forEach((cell, i) => {
        const align = isHeader ? 'center' : table.columns[i].align ?? 'left';
        cell.forEach((text, j) => {
          const free = widths[i] - 2 * TABLE.padX - measure(text, TABLE.size);
          const dx = align === 'right' ? free : align === 'center' ? free / 2 : 0;
          const baseline = top - TABLE.padY - (j + 1) * lineHeight + lineHeight * 0.28;
          ops.push({ kind: 'text', x: x + TABLE.padX + dx, y: baseline, size: TABLE.size, text });
        });
        x += widths[i];
      });
      y = top - height;
      ops.push(rule(PAGE.marginX, y, PAGE.marginX + contentWidth, y, isHeader ? 0.8 : 0.4));
      verticalRules(top, y, widths);
    };
    const startOnPage = () => {
      ops.push(rule(PAGE.marginX, y, PAGE.marginX + contentWidth, y, 0.8));
      drawRow(headerLines, headerHeight, true);
    };
    // The header row never stands alone at a page's foot: it needs its first row (or three lines of it).
    const firstRowHeight = table.rows.length > 0 ? rowHeight(cellLines(table.rows[0]).map((cell) => cell.slice(0, 3))) : 0;
    if (room() < headerHeight + firstRowHeight) {
      newPage();
    }
    startOnPage();
    const freshPageRoom = PAGE.height - PAGE.top - headerHeight - PAGE.bottom;
    for (const row of table.rows) {
      let lines = cellLines(row);
      // A row moves whole to the next page, under a repeated header row; only a row taller than a
      // whole page is split, by lines, continuing under the header on the next page.
      while (rowHeight(lines) > room()) {
        const fitting = Math.floor((Math.min(room(), freshPageRoom) - 2 * TABLE.padY) / lineHeight);
        if (rowHeight(lines) <= freshPageRoom || fitting < 1) {
          newPage();
          startOnPage();
          continue;
        }
        drawRow(lines.map((cell) => cell.slice(0, fitting)), rowHeight(lines.map((cell) => cell.slice(0, fitting))), false);
        lines = lines.map((cell) => cell.slice(fitting));
        newPage();
        startOnPage();
      }
      drawRow(lines, rowHeight(lines), false);
    }
    y -= BODY.size;
  }

  function verticalRules(top: number, bottom: number, widths: number[]): void {
    let x = PAGE.marginX;
    ops.push(rule(x, top, x, bottom, 0.4));
    for (const w of widths) {
      x += w;
      ops.push(rule(x, top, x, bottom, 0.4));
    }
  }
}

function rule(x1: number, y1: number, x2: number, y2: number, width: number): DrawOp {
  return { kind: 'line', x1, y1, x2, y2, width, gray: RULE_GRAY };
}

/** The header and footer of page `n` of `total`. */
function furniture(doc: RecordDocument, n: number, total: number, measure: Measure): DrawOp[] {
  const size = 8;
  const right = PAGE.width - PAGE.marginX;
  const headerY = PAGE.height - 40;
  const footerY = 36;
  const ids = `项目编号 ${doc.tenderCode}　记录编号 ${doc.recordId}`;
  const pageLabel = `第 ${n} 页 / 共 ${total} 页`;
  const verify = `核验 ${doc.verificationUrl}`;
  return [
    { kind: 'text', x: PAGE.marginX, y: headerY, size, text: doc.platformName, gray: 0.3 },
    { kind: 'text', x: right - measure(ids, size), y: headerY, size, text: ids, gray: 0.3 },
    { kind: 'line', x1: PAGE.marginX, y1: headerY - 6, x2: right, y2: headerY - 6, width: 0.5, gray: 0.6 },
    { kind: 'line', x1: PAGE.marginX, y1: footerY + 12, x2: right, y2: footerY + 12, width: 0.5, gray: 0.6 },
    { kind: 'text', x: PAGE.marginX, y: footerY, size, text: verify, gray: 0.3 },
    { kind: 'text', x: right - measure(pageLabel, size), y: footerY, size, text: pageLabel, gray: 0.3 },
  ];
}
