/** The document model a record is rendered from: plain JSON-like data, no PDF in sight. */

export type RecordDocument = {
  /** Shown in every page header, e.g. 'TenderHall 公共资源交易电子招投标平台'. */
  platformName: string;
  tenderCode: string;
  recordId: string;
  /** The record's title (开标记录表 …), large on the first page and the PDF's Title. */
  title: string;
  /** Printed in every page footer: where anyone can check this record. */
  verificationUrl: string;
  /** The record's time: PDF CreationDate/ModDate, so the same model renders to the same bytes. */
  createdAt: Date;
  blocks: Block[];
};

export type Block = Heading | Paragraph | KeyValues | Table | PageBreak;

export type Heading = { kind: 'heading'; text: string; level?: 1 | 2 };
export type Paragraph = { kind: 'paragraph'; text: string };
export type KeyValues = { kind: 'key-values'; items: { key: string; value: string }[] };
export type TableColumn = { title: string; /** relative width, 1 by default */ width?: number; align?: 'left' | 'right' | 'center' };
export type Table = { kind: 'table'; columns: TableColumn[]; rows: string[][] };
export type PageBreak = { kind: 'page-break' };

/** What the layout draws on a page (PDF points, origin bottom-left). */
export type DrawOp =
  | { kind: 'text'; x: number; y: number; size: number; text: string; gray?: number }
  | { kind: 'line'; x1: number; y1: number; x2: number; y2: number; width: number; gray?: number }
  | { kind: 'rect'; x: number; y: number; width: number; height: number; gray: number };

export type LaidOutPage = { ops: DrawOp[] };

/** Text width in points of `text` at font size `size`. */
export type Measure = (text: string, size: number) => number;

/** The record kinds of DESIGN §7 (a tender's record list). */
export const RECORD_KINDS = ['receipt', 'opening_record', 'evaluation_report', 'candidate_publicity', 'award_notice', 'result_notice'] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];
