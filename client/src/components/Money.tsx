import { useTranslation } from 'react-i18next';
import { formatYuan } from './money';

/** An amount in yuan (a decimal string from the API), e.g. "12,500,000.00 元". */
export function Money({ value }: { value: string | null | undefined }) {
  const { t } = useTranslation();
  if (value === null || value === undefined || value === '') {
    return <span>—</span>;
  }
  return (
    <span style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
      {formatYuan(value)} {t('money.unit')}
    </span>
  );
}
