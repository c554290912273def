import { fromMs } from '../db/convert';
import type { ListedDocument } from './documents-service';

/** A document version as the API shows it (docs/api-contracts.md): no blob key, no uploader. */
export function presentDocument(d: ListedDocument) {
  return {
    id: d.id,
    name: d.name,
    version: d.version,
    sha256: d.sha256,
    size: d.size,
    contentType: d.contentType,
    uploadedAt: fromMs(d.uploadedAt),
    replacesId: d.replacesId,
    current: d.current,
  };
}
