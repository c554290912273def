import fs from 'node:fs';
import path from 'node:path';

export type Part =
  | { name: string; value: string }
  | { name: string; filename: string; content: Buffer; contentType?: string; rfc5987?: boolean };

export const BOUNDARY = '----TenderHallTestBoundary7MA4YWxkTrZu0gW';

/**
 * A multipart/form-data body built by hand, so tests control the raw filename bytes
 * (supertest's attach() strips directories before they reach the server).
 */
export function multipartBody(parts: Part[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${BOUNDARY}\r\n`));
    if ('filename' in p) {
      const param = p.rfc5987 ? `filename*=UTF-8''${encodeURIComponent(p.filename)}` : `filename="${p.filename}"`;
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"; ${param}\r\n`, 'utf8'));
      chunks.push(Buffer.from(`Content-Type: ${p.contentType ?? 'application/pdf'}\r\n\r\n`));
      chunks.push(p.content, Buffer.from('\r\n'));
    } else {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${p.name}"\r\n\r\n${p.value}\r\n`, 'utf8'));
    }
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

export const MULTIPART_TYPE = `multipart/form-data; boundary=${BOUNDARY}`;

/** Every file under dir (recursively), relative paths; [] when dir is missing. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}
