/** The longest stored file name, in characters (code points); the extension is kept when cut. */
export const MAX_FILE_NAME_CHARS = 120;

const CONTROL_OR_FORMAT = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/gu;
const RESERVED = /[<>:"/\\|?*]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A file name safe to store and to send back in Content-Disposition: no directories (../),
 * no control or bidi-override characters, no characters Windows refuses, no leading dots,
 * not empty, at most MAX_FILE_NAME_CHARS. Chinese and other letters stay as they are.
 */
export function sanitizeFileName(raw: string | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = base
    .replace(CONTROL_OR_FORMAT, '')
    .replace(RESERVED, '_')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s.]+|[\s.]+$/gu, '');
  if (WINDOWS_DEVICE.test(name)) {
    name = `_${name}`;
  }
  if (name === '' || /^_*$/.test(name)) {
    name = 'document';
  }
  return truncateKeepingExtension(name, MAX_FILE_NAME_CHARS);
}

function truncateKeepingExtension(name: string, max: number): string {
  const chars = Array.from(name);
  if (chars.length <= max) {
    return name;
  }
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? Array.from(name.slice(dot)) : [];
  const keepExt = ext.length > 0 && ext.length <= 16 ? ext : [];
  return chars.slice(0, max - keepExt.length).join('').replace(/[\s.]+$/u, '') + keepExt.join('');
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$/i;

/** The part's declared media type when well-formed, otherwise application/octet-stream. */
export function sanitizeContentType(raw: string | undefined): string {
  return raw && MEDIA_TYPE.test(raw) ? raw.toLowerCase() : 'application/octet-stream';
}
