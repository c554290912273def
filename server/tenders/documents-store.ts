import type { Db } from '../db';

/** One version of a tender document (招标文件); times in epoch ms. */
export type TenderDocument = {
  id: string;
  tenderId: string;
  chainId: string;
  version: number;
  replacesId: string | null;
  name: string;
  contentType: string;
  blobKey: string;
  sha256: string;
  size: number;
  uploadedBy: string;
  uploadedAt: number;
};

type Row = {
  id: string;
  tender_id: string;
  chain_id: string;
  version: number | string;
  replaces_id: string | null;
  name: string;
  content_type: string;
  blob_key: string;
  sha256: string;
  size: number | string;
  uploaded_by: string;
  uploaded_at: number | string;
};

function toDocument(r: Row): TenderDocument {
  return {
    id: r.id,
    tenderId: r.tender_id,
    chainId: r.chain_id,
    version: Number(r.version),
    replacesId: r.replaces_id,
    name: r.name,
    contentType: r.content_type,
    blobKey: r.blob_key,
    sha256: r.sha256,
    size: Number(r.size),
    uploadedBy: r.uploaded_by,
    uploadedAt: Number(r.uploaded_at),
  };
}

export async function insertDocument(db: Db, d: TenderDocument): Promise<void> {
  await db('tender_documents').insert({
    id: d.id,
    tender_id: d.tenderId,
    chain_id: d.chainId,
    version: d.version,
    replaces_id: d.replacesId,
    name: d.name,
    content_type: d.contentType,
    blob_key: d.blobKey,
    sha256: d.sha256,
    size: d.size,
    uploaded_by: d.uploadedBy,
    uploaded_at: d.uploadedAt,
  });
}

export async function findDocument(db: Db, tenderId: string, id: string): Promise<TenderDocument | undefined> {
  const row: Row | undefined = await db('tender_documents').where({ tender_id: tenderId, id }).first();
  return row && toDocument(row);
}

/** Every version of every document of the tender, oldest first. */
export async function listDocuments(db: Db, tenderId: string): Promise<TenderDocument[]> {
  const rows: Row[] = await db('tender_documents').where({ tender_id: tenderId }).orderBy([
    { column: 'uploaded_at', order: 'asc' },
    { column: 'id', order: 'asc' },
  ]);
  return rows.map(toDocument);
}

/** The highest version number in a chain (0 when empty). */
export async function latestVersion(db: Db, chainId: string): Promise<number> {
  const row = (await db('tender_documents').where({ chain_id: chainId }).max<{ v: number | string | null }[]>({ v: 'version' }).first()) as
    | { v: number | string | null }
    | undefined;
  return Number(row?.v ?? 0);
}
