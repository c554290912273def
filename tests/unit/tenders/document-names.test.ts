import { MAX_FILE_NAME_CHARS, sanitizeContentType, sanitizeFileName } from '../../../server/tenders/documents-names';

describe('sanitizeFileName', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\招标\\..\\第一册.pdf', '第一册.pdf'],
    ['..', 'document'],
    ['', 'document'],
    [undefined, 'document'],
    ['  .hidden  ', 'hidden'],
    ['a\u0000b\u001fc\u202ed.pdf', 'abcd.pdf'],
    ['CON.txt', '_CON.txt'],
    ['报价 清单（第2版）.xlsx', '报价 清单（第2版）.xlsx'],
  ])('turns %j into %j', (raw, safe) => {
    expect(sanitizeFileName(raw)).toBe(safe);
  });

  it('cuts overlong names to the limit in characters and keeps the extension', () => {
    const name = sanitizeFileName(`${'标'.repeat(500)}.docx`);
    expect(Array.from(name)).toHaveLength(MAX_FILE_NAME_CHARS);
    expect(name.endsWith('.docx')).toBe(true);
  });

  it('keeps well-formed media types and replaces anything else', () => {
    expect(sanitizeContentType('application/PDF')).toBe('application/pdf');
    expect(sanitizeContentType('text/html\r\nX-Evil: 1')).toBe('application/octet-stream');
    expect(sanitizeContentType(undefined)).toBe('application/octet-stream');
  });
});
