import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import busboy from 'busboy';
import { HttpError } from '../http/errors';

/** The one file part of a multipart upload, as it streams in. */
export type IncomingFile = { fileName: string | undefined; contentType: string; stream: Readable };

/** Text fields of the form, known once the whole body has arrived. */
export type FormFields = () => Promise<Record<string, string>>;

const LIMITS = { files: 1, fields: 8, parts: 10, fieldNameSize: 64, fieldSize: 1024, headerPairs: 20 };

/**
 * Reads a multipart/form-data request with exactly one file part named `fileField`, without
 * buffering it: `consume` gets the file stream at once and the text fields once the body is
 * complete. Resolves or rejects only after `consume` has settled, so its cleanup comes first.
 */
export function readSingleFileForm<T>(req: IncomingMessage, fileField: string, consume: (file: IncomingFile, fields: FormFields) => Promise<T>): Promise<T> {
  let bb: busboy.Busboy;
  try {
    // NOTE: browsers send UTF-8 bytes in filename="…"; busboy would decode them as latin1.
    // preservePath: the raw name reaches sanitizeFileName, which strips directories itself.
    bb = busboy({ headers: req.headers, limits: LIMITS, defParamCharset: 'utf8', preservePath: true });
  } catch {
    return Promise.reject(new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send the document as multipart/form-data'));
  }
  return new Promise<T>((resolve, reject) => {
    const fields: Record<string, string> = {};
    let consumed: Promise<T> | undefined;
    let formError: HttpError | undefined;
    let settleFields: { resolve(f: Record<string, string>): void; reject(e: unknown): void } | undefined;
    const fieldsDone = new Promise<Record<string, string>>((res, rej) => {
      settleFields = { resolve: res, reject: rej };
    });
    fieldsDone.catch(() => undefined);

    const fail = (err: HttpError): void => {
      if (formError) {
        return;
      }
      formError = err;
      req.unpipe(bb);
      bb.destroy(err); // also errors the file stream being consumed
      req.resume(); // drain the rest so the client can read the answer
      settleFields?.reject(err);
      if (!consumed) {
        reject(err);
      }
    };

    bb.on('file', (name, stream, info) => {
      if (name !== fileField || consumed) {
        stream.resume();
        fail(invalid(fileField, `send one file in the field "${fileField}"`));
        return;
      }
      consumed = consume({ fileName: info.filename, contentType: info.mimeType, stream }, () => fieldsDone);
      consumed.then(resolve, (err: unknown) => {
        if (!formError && err instanceof HttpError) {
          fail(err);
        }
        reject(err);
      });
    });
    bb.on('field', (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) {
        fail(invalid(name, 'field too long'));
        return;
      }
      fields[name] = value;
    });
    bb.on('filesLimit', () => fail(invalid(fileField, 'only one file per upload')));
    bb.on('fieldsLimit', () => fail(invalid('', 'too many fields')));
    bb.on('partsLimit', () => fail(invalid('', 'too many parts')));
    bb.on('error', () => fail(new HttpError(400, 'VALIDATION', 'The multipart body is malformed or incomplete')));
    bb.on('close', () => {
      if (!consumed) {
        fail(invalid(fileField, 'a file is required'));
        return;
      }
      settleFields?.resolve(fields);
    });
    req.on('close', () => {
      if (!req.complete) {
        fail(new HttpError(400, 'VALIDATION', 'The upload was interrupted'));
      }
    });
    req.pipe(bb);
  });
}

function invalid(path: string, message: string): HttpError {
  return new HttpError(400, 'VALIDATION', `Invalid upload: ${message}`, [{ path, message }]);
}
