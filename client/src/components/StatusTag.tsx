import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { TenderStatus } from '../api/types';

const COLORS: Record<TenderStatus, string> = {
  draft: 'default',
  published: 'blue',
  opening: 'orange',
  opened: 'gold',
  evaluating: 'purple',
  evaluated: 'geekblue',
  publicity: 'cyan',
  awarded: 'green',
  failed: 'red',
  cancelled: 'default',
};

/** A tender's status as a coloured tag. */
export function StatusTag({ status }: { status: TenderStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="tender-status" data-status={status}>
      {t(`status.${status}`)}
    </Tag>
  );
}
