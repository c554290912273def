import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';

/**
 * The records' CJK font: Noto Sans SC Regular (TrueType outlines, SIL OFL 1.1, fonts/OFL.txt),
 * shipped in the repository so that a fresh `npm install && npm start` renders Chinese without any
 * system package. pdf-lib embeds a subset per record, so the Chinese stays real, extractable text.
 *
 * NOTE: Debian's fonts-noto-cjk is a CFF collection (.ttc); @pdf-lib/fontkit 1.1's CFF subsetter
 * writes a font poppler cannot read, so a CFF font is refused rather than embedded broken.
 */
export const DEFAULT_FONT_FILE = path.join(__dirname, 'fonts', 'NotoSansSC-Regular.ttf.br');

export type RecordFont = {
  /** The font bytes pdf-lib embeds (a TrueType file, or a collection with `postscriptName`). */
  bytes: Uint8Array;
  /** The face to take from a collection (.ttc); undefined for a single font. */
  postscriptName?: string;
  /** A fontkit for PDFDocument.registerFontkit that opens this face with the subset fix below. */
  fontkit: typeof fontkit;
};

const cache = new Map<string, RecordFont>();

/** Loads (once per file) the font records are rendered with: fontFile, else the shipped Noto Sans SC. */
export function loadRecordFont(fontFile: string = DEFAULT_FONT_FILE, postscriptName?: string): RecordFont {
  const key = `${fontFile}#${postscriptName ?? ''}`;
  const cached = cache.get(key);
  if (cached) {
    return cached;
  }
  // The shipped font is Brotli-compressed (10.5 MB → 4.8 MB in the repository); any other file is taken as is.
  const raw = fs.readFileSync(fontFile);
  const bytes = fontFile.endsWith('.br') ? zlib.brotliDecompressSync(raw) : raw;
  const probe = fontkit.create(bytes, postscriptName);
  if (!('getGlyph' in probe)) {
    throw new Error(`${fontFile} is a font collection: name the face (postscriptName)`);
  }
  if ('CFF ' in probe && (probe as unknown as Record<string, unknown>)['CFF ']) {
    throw new Error(`${fontFile} has CFF outlines, which @pdf-lib/fontkit cannot subset; use a TrueType (glyf) font`);
  }
  const font: RecordFont = { bytes, postscriptName, fontkit: patchedFontkit(postscriptName) };
  cache.set(key, font);
  return font;
}

type GlyphSubset = { glyf: Buffer[]; offset: number; _addGlyph(gid: number): number };

/**
 * fontkit whose TrueType subsets pad every glyph to an even length.
 * NOTE: @pdf-lib/fontkit 1.1 picks the short `loca` format (offsets / 2) for small subsets but does
 * not pad glyphs, so with fonts whose glyphs have odd lengths (Google's Noto Sans SC) every glyph
 * after an odd one is read from the wrong offset and renders blank.
 */
function patchedFontkit(postscriptName: string | undefined): typeof fontkit {
  // One parsed font per RecordFont: fontkit copies and parses the 10 MB file on every create().
  let parsed: { data: Uint8Array; font: ReturnType<typeof fontkit.create> } | undefined;
  const create = (data: Uint8Array) => {
    if (parsed?.data === data) {
      return parsed.font;
    }
    const font = fontkit.create(data as Buffer, postscriptName);
    parsed = { data, font };
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset() as unknown as GlyphSubset;
      const addGlyph = subset._addGlyph.bind(subset);
      subset._addGlyph = (gid: number) => {
        const index = addGlyph(gid);
        const last = subset.glyf[subset.glyf.length - 1];
        if (last.length % 2 === 1) {
          // NOTE: fontkit bundles its own Buffer; the padded copy must be of that class.
          const padded = (last.constructor as typeof Buffer).alloc(last.length + 1);
          padded.set(last);
          subset.glyf[subset.glyf.length - 1] = padded;
          subset.offset += 1;
        }
        return index;
      };
      return subset as unknown as ReturnType<typeof createSubset>;
    };
    return font;
  };
  return { ...fontkit, create } as typeof fontkit;
}
