import { Button, List, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadFile } from '../api/http';
import { ErrorAlert } from '../components/ErrorAlert';
import { useApi } from '../components/use-api';
import { bidDocumentPath, listBidDocuments, type BidDocument } from './evaluation-api';
import { bid8 } from './eval-view';

/** The decrypted documents of one valid bid, for the committee and supervisors (each read is audited by the server). */
export function BidDocuments({ tenderId, bid, bidder }: { tenderId: string; bid: string; bidder: string | null }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" type="link" style={{ padding: 0 }} data-testid={`bid-docs-${bid8(bid)}`} onClick={() => setOpen(true)}>
        {t('evaluation.documents.open')}
      </Button>
      <Modal open={open} title={t('evaluation.documents.title', { bidder: bidder ?? bid8(bid) })} footer={null} onCancel={() => setOpen(false)} destroyOnHidden>
        {open ? <DocumentsList tenderId={tenderId} bid={bid} /> : null}
      </Modal>
    </>
  );
}

function DocumentsList({ tenderId, bid }: { tenderId: string; bid: string }) {
  const { t } = useTranslation();
  const docs = useApi((signal) => listBidDocuments(tenderId, bid, signal), [tenderId, bid]);
  const [error, setError] = useState<unknown>(null);
  const download = (name: string) => {
    setError(null);
    downloadFile(bidDocumentPath(tenderId, bid, name), name).catch(setError);
  };
  return (
    <>
      <ErrorAlert error={docs.error ?? error} style={{ marginBottom: 12 }} />
      <List<BidDocument>
        size="small"
        loading={docs.loading}
        dataSource={docs.data ?? []}
        locale={{ emptyText: t('evaluation.documents.none') }}
        renderItem={(d) => (
          <List.Item actions={[<Button key="dl" size="small" onClick={() => download(d.name)}>{t('common.download')}</Button>]}>
            <List.Item.Meta title={d.name} description={<Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${d.size} B · SHA-256 ${d.sha256.slice(0, 16)}…`}</Typography.Text>} />
          </List.Item>
        )}
      />
    </>
  );
}
