/** How the client labels records and summarises a verification (client/src/records/record-view.ts). */
import { RECORD_KINDS } from '../../../server/records/model';
import { en } from '../../../client/src/i18n/en';
import { zhCN } from '../../../client/src/i18n/zh-CN';
import { groupSigners, recordKindKey, shortSha256, summariseVerification, toRecordId } from '../../../client/src/records/record-view';
import type { VerifyResult } from '../../../client/src/records/records-api';
import type { RecordVerification } from '../../../server/records/verify';

/** Compile-time tripwire: the client's wire type must accept what the server sends (npm run typecheck). */
const fromServer = (v: RecordVerification & { record: VerifyResult['record'] }): VerifyResult => v;

const RECORD_ID = '01JRECORDRECORDRECORDREC00';
const OTHER_ID = '01JRECORDRECORDRECORDREC99';
const SHA = 'a'.repeat(64);

function signature(index: number, over: Partial<VerifyResult['signatures'][number]> = {}): VerifyResult['signatures'][number] {
  return {
    index,
    byteRange: [0, 100, 200, 300],
    signer: 'TenderHall 平台',
    signerSubject: 'CN=TenderHall 平台',
    signerCertificatePem: null,
    signingTime: '2026-12-25T01:30:00.000Z',
    name: null,
    reason: '开标记录',
    coversWholeDocument: true,
    revisionLength: 500,
    revisionSha256: SHA,
    digestValid: true,
    signatureValid: true,
    chainValid: true,
    valid: true,
    problems: [],
    ...over,
  };
}

function verification(over: Partial<VerifyResult> = {}): VerifyResult {
  return {
    valid: true,
    sha256: SHA,
    size: 500,
    signatures: [signature(1)],
    modifiedAfterLastSignature: false,
    reasons: [],
    problems: [],
    record: { id: RECORD_ID, kind: 'opening_record', tenderId: '01JTENDERTENDERTENDERTEN00', title: '开标记录表' },
    ...over,
  };
}

describe('record labels', () => {
  it('names every record kind in Chinese as the records list shows it', () => {
    expect(RECORD_KINDS.map((k) => zhCN.records.kind[k])).toEqual(['投标回执', '开标记录表', '评标报告', '中标候选人公示', '中标通知书', '中标结果通知书']);
  });

  it('has an English label for every kind and a key for every kind, unknown ones falling back', () => {
    for (const k of RECORD_KINDS) {
      expect(recordKindKey(k)).toBe(`records.kind.${k}`);
      expect(en.records.kind[k]).toMatch(/\w/);
    }
    expect(recordKindKey('tender_notice')).toBe('records.kind.unknown');
  });

  it('shortens a SHA-256 and keeps short values whole', () => {
    expect(shortSha256(SHA, 10)).toBe(`${'a'.repeat(10)}…`);
    expect(shortSha256('abc')).toBe('abc');
  });

  it('lists the platform apart from the experts, each in signing order', () => {
    const grouped = groupSigners([
      { name: '王专家', role: 'member', signedAt: '2026-12-25T03:00:00.000Z' },
      { name: 'TenderHall', role: 'platform', signedAt: '2026-12-25T04:00:00.000Z' },
      { name: '李专家', role: 'member', signedAt: '2026-12-25T02:00:00.000Z' },
    ]);
    expect(grouped).toEqual({ platform: ['TenderHall'], members: ['李专家', '王专家'] });
  });

  it('accepts only a well-formed record id from the verification URL', () => {
    expect(toRecordId(RECORD_ID.toLowerCase())).toBe(RECORD_ID);
    expect(toRecordId('../etc')).toBeNull();
    expect(toRecordId(null)).toBeNull();
  });
});

describe('summariseVerification', () => {
  it('reads the server\'s verification as is', () => {
    expect(summariseVerification(fromServer(verification())).valid).toBe(true);
  });

  it('shows each signature with its scope and its three checks', () => {
    const s = summariseVerification(verification({ valid: false, signatures: [signature(1, { coversWholeDocument: false }), signature(2, { chainValid: false, valid: false, problems: ['chain: unknown root'] })] }));
    expect(s.valid).toBe(false);
    expect(s.signatures.map((r) => r.scope)).toEqual(['revision', 'whole']);
    expect(s.signatures[1]).toMatchObject({
      index: 2,
      reason: '开标记录',
      valid: false,
      checks: [
        { name: 'digest', ok: true },
        { name: 'signature', ok: true },
        { name: 'chain', ok: false },
      ],
      problems: ['chain: unknown root'],
    });
  });

  it('says whether the PDF is the record the page was opened for', () => {
    expect(summariseVerification(verification()).expected).toBe('none');
    expect(summariseVerification(verification(), RECORD_ID).expected).toBe('expected');
    expect(summariseVerification(verification(), OTHER_ID).expected).toBe('other');
    expect(summariseVerification(verification({ record: null }), RECORD_ID).expected).toBe('unknown');
  });

  it('keeps the file-level problems, such as bytes appended after the last signature', () => {
    const s = summariseVerification(verification({ valid: false, modifiedAfterLastSignature: true, problems: ['12 bytes after the last signature are not signed'] }));
    expect(s.problems).toEqual(['12 bytes after the last signature are not signed']);
    expect(s.matched?.id).toBe(RECORD_ID);
  });

  it('passes on the server’s reason codes, which the page shows in the reader’s language (issue 13 finding 2)', () => {
    const s = summariseVerification(verification({ valid: false, reasons: ['SIGNER_NOT_ALLOWED', 'UPDATE_NOT_ALLOWED'], record: null }));
    expect(s.reasons).toEqual(['SIGNER_NOT_ALLOWED', 'UPDATE_NOT_ALLOWED']);
    expect(s.matched).toBeNull();
  });
});
