import type { Block, RecordDocument } from '../model';

/** What every record builder takes besides its own data. */
export type CommonFields = {
  /** e.g. 'TenderHall 公共资源交易电子招投标平台'. */
  platformName: string;
  recordId: string;
  /** Printed in every page footer. */
  verificationUrl: string;
  /** The record's time (PDF dates; the same input renders to the same bytes). */
  createdAt: Date;
};

/** A time as the modules hand it over: ISO-8601 string (present*), epoch ms (stores) or Date. */
export type TimeInput = string | number | Date;

/** The tender as every record names it. */
export type TenderRef = { code: string; title: string };

export const ZONE_NOTE = '北京时间 UTC+8';
const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // Asia/Shanghai: UTC+8, no daylight saving since 1991.

export function toDate(t: TimeInput): Date {
  const d = t instanceof Date ? t : new Date(t);
  if (Number.isNaN(d.getTime())) {
    throw new RangeError(`not a time: ${String(t)}`);
  }
  return d;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** "2026-12-25 09:30:00.123" in Asia/Shanghai (independent of the process TZ). */
export function shanghaiTime(t: TimeInput): string {
  const d = new Date(toDate(t).getTime() + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
}

/** "2026-12-25 09:30:00.123（北京时间 UTC+8）". */
export function formatTime(t: TimeInput): string {
  return `${shanghaiTime(t)}（${ZONE_NOTE}）`;
}

/** Like formatTime, '—' for none. */
export function formatTimeOrNone(t: TimeInput | null | undefined): string {
  return t === null || t === undefined ? '—' : formatTime(t);
}

/** "2026-12-25T01:30:00.123Z". */
export function utcTime(t: TimeInput): string {
  return toDate(t).toISOString();
}

/** "2026年12月25日" in Asia/Shanghai: the date line of a notice. */
export function chineseDate(t: TimeInput): string {
  const d = new Date(toDate(t).getTime() + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

const YUAN_RE = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

/** Integer fen of a yuan amount "12500000" / "12500000.5" / "12500000.00". */
function fenOf(yuan: string): bigint {
  const m = YUAN_RE.exec(yuan.trim());
  if (!m) {
    throw new RangeError(`not a yuan amount: ${yuan}`);
  }
  const abs = BigInt(m[2]) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -abs : abs;
}

/** Fen → "¥12,500,000.00": the one money format of every record. */
export function formatFen(fen: number | bigint): string {
  const n = BigInt(fen);
  const abs = n < 0n ? -n : n;
  const grouped = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0n ? '-' : ''}¥${grouped}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** A yuan string ("12500000.00", as the modules present prices) → "¥12,500,000.00". */
export function formatYuan(yuan: string): string {
  return formatFen(fenOf(yuan));
}

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'];
const BIG_UNITS = ['', '万', '亿', '万亿'];

/** Fen → 人民币大写 "壹仟贰佰伍拾万元整" (as on a 中标通知书 next to the figures). */
export function chineseUppercaseFen(fen: number | bigint): string {
  const n = BigInt(fen);
  if (n < 0n) {
    throw new RangeError(`not a non-negative amount: ${fen}`);
  }
  const yuan = n / 100n;
  const jiao = Number((n % 100n) / 10n);
  const fenDigit = Number(n % 10n);
  let integer = '';
  if (yuan > 0n) {
    const groups: number[] = [];
    for (let rest = yuan; rest > 0n; rest /= 10_000n) {
      groups.push(Number(rest % 10_000n));
    }
    let zero = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const group = groups[g];
      if (group === 0) {
        zero = integer !== '';
        continue;
      }
      if (integer !== '' && (zero || group < 1000)) {
        integer += '零';
      }
      zero = false;
      let inner = '';
      let innerZero = false;
      for (let i = 3; i >= 0; i--) {
        const digit = Math.floor(group / 10 ** i) % 10;
        if (digit === 0) {
          innerZero = inner !== '';
          continue;
        }
        inner += (innerZero ? '零' : '') + DIGITS[digit] + SMALL_UNITS[i];
        innerZero = false;
      }
      integer += inner + BIG_UNITS[g];
    }
    integer += '元';
  }
  if (jiao === 0 && fenDigit === 0) {
    return `${integer || '零元'}整`;
  }
  const jiaoPart = jiao > 0 ? `${DIGITS[jiao]}角` : integer ? '零' : '';
  return `${integer}${jiaoPart}${fenDigit > 0 ? `${DIGITS[fenDigit]}分` : '整'}`;
}

/** A yuan string → "人民币（大写）壹仟贰佰伍拾万元整（¥12,500,000.00）". */
export function formatYuanInWords(yuan: string): string {
  const fen = fenOf(yuan);
  return `人民币（大写）${chineseUppercaseFen(fen)}（${formatFen(fen)}）`;
}

/** Hundredths of a point → "91.80". */
export function formatHundredths(hundredths: number): string {
  if (!Number.isSafeInteger(hundredths)) {
    throw new RangeError(`not hundredths: ${hundredths}`);
  }
  const abs = Math.abs(hundredths);
  return `${hundredths < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** A bidder's organization, or a placeholder when the account has none on file. */
export function orgName(name: string | null | undefined): string {
  return name?.trim() ? name : '（未登记单位名称）';
}

/** Bytes with the exact count: "1,234,567 字节（1.18 MiB）". */
export function formatBytes(size: number): string {
  const exact = `${size.toLocaleString('en-US')} 字节`;
  if (size < 1024) {
    return exact;
  }
  const [value, unit] = size < 1024 * 1024 ? [size / 1024, 'KiB'] : [size / (1024 * 1024), 'MiB'];
  return `${exact}（${value.toFixed(2)} ${unit}）`;
}

/** The record with the common fields filled in. */
export function recordOf(common: CommonFields, tenderCode: string, title: string, blocks: Block[]): RecordDocument {
  return { platformName: common.platformName, tenderCode, recordId: common.recordId, title, verificationUrl: common.verificationUrl, createdAt: common.createdAt, blocks };
}

/** The closing lines of every record: where it was made and how to check it. */
export function closingBlocks(common: CommonFields): Block[] {
  return [
    { kind: 'paragraph', text: `本记录由${common.platformName}于 ${formatTime(common.createdAt)} 生成，并加盖平台电子签章。` },
    { kind: 'paragraph', text: `记录编号：${common.recordId}。任何人可通过 ${common.verificationUrl} 或使用平台根证书离线核验本文件的电子签名及内容是否被篡改。` },
  ];
}
