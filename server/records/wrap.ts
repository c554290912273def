import type { Measure } from './model';

// Han, kana, Hangul, CJK symbols and full-width forms: a line may break before any of them.
const CJK = /[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]|[\ud840-\ud87f][\udc00-\udfff]/u;
// 禁则: these never start a line, so they stay with the character before them.
const NO_LINE_START = new Set([...'，。、；：？！）》」』】〕”’…%,.;:?!)]}']);
// …and these never end one.
const NO_LINE_END = new Set([...'（《「『【〔“‘([{']);

/**
 * Splits text into unbreakable pieces: one CJK character each (Chinese wraps per character),
 * Latin words with their trailing spaces, and punctuation glued per the 禁则 above.
 */
export function toBreakables(text: string): string[] {
  const pieces: string[] = [];
  let word = '';
  const flush = () => {
    if (word) {
      pieces.push(word);
      word = '';
    }
  };
  for (const ch of text) {
    if (NO_LINE_START.has(ch) && (word || pieces.length > 0)) {
      if (word) {
        word += ch;
      } else {
        pieces[pieces.length - 1] += ch;
      }
      continue;
    }
    if (CJK.test(ch)) {
      flush();
      pieces.push(ch);
    } else if (ch === ' ') {
      word += ch;
      flush();
    } else {
      word += ch;
    }
  }
  flush();
  return glueOpeners(pieces);
}

function glueOpeners(pieces: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    let piece = pieces[i];
    while (NO_LINE_END.has(piece[piece.length - 1] ?? '') && i + 1 < pieces.length) {
      i += 1;
      piece += pieces[i];
    }
    out.push(piece);
  }
  return out;
}

/** Wraps text to lines no wider than `width` (a piece wider than a line is cut per character). */
export function wrapText(text: string, width: number, size: number, measure: Measure): string[] {
  const lines: string[] = [];
  for (const hardLine of text.split(/\r?\n/)) {
    let line = '';
    for (const piece of toBreakables(hardLine)) {
      if (measure(line + piece.trimEnd(), size) <= width) {
        line += piece;
        continue;
      }
      if (line) {
        lines.push(line.trimEnd());
        line = '';
      }
      if (measure(piece.trimEnd(), size) <= width) {
        line = piece;
        continue;
      }
      for (const ch of piece) {
        if (line && measure(line + ch, size) > width) {
          lines.push(line.trimEnd());
          line = '';
        }
        line += ch;
      }
    }
    lines.push(line.trimEnd());
  }
  return lines;
}

/** A Measure that sums cached per-character advances (no kerning: CJK fonts barely kern). */
export function cachedMeasure(widthOfCharAtSizeOne: (ch: string) => number): Measure {
  const widths = new Map<string, number>();
  return (text, size) => {
    let total = 0;
    for (const ch of text) {
      let w = widths.get(ch);
      if (w === undefined) {
        w = widthOfCharAtSizeOne(ch);
        widths.set(ch, w);
      }
      total += w;
    }
    return total * size;
  };
}
