import { Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { ledgerKindDefinitions, type LedgerKind } from '../../../domain/ledger.js';
import type { CitedLedgerRecord, LedgerPage } from '../../../contract/ledger.js';
import { api } from '../api-client.js';
import { ledgerKeys } from '../query-keys.js';

/** "2026-03-01 党务公开 公开三务": how a cited record reads in a picker and where it is cited. */
export const ledgerRecordText = (r: { heldOn: string; kind: LedgerKind; topic: string }) =>
  `${r.heldOn} ${ledgerKindDefinitions[r.kind].label} ${r.topic}`;

/**
 * Ledger records to cite as evidence: the org's subtree's (or the org's own with `ownOnly`) held
 * between `from` and `to`, newest first as the ledger lists them; `cited` stay choosable even when
 * they fall outside the first page of the list. A form control (value: record ids).
 */
export function LedgerRecordSelect({
  orgId,
  from,
  to,
  ownOnly = false,
  cited = [],
  enabled = true,
  value,
  onChange,
  'data-testid': testId,
}: {
  orgId: number;
  from: string;
  to: string;
  ownOnly?: boolean;
  cited?: readonly CitedLedgerRecord[];
  enabled?: boolean;
  value?: number[];
  onChange?: (ids: number[]) => void;
  'data-testid'?: string;
}) {
  const params = { orgId, from, to, pageSize: 200 };
  const records = useQuery({
    queryKey: ledgerKeys.list(params),
    queryFn: ({ signal }) => api.get<LedgerPage>('/ledger', { query: { ...params }, signal }),
    enabled,
  });
  const listed = (records.data?.items ?? []).filter(
    (r) => (!ownOnly || r.orgId === orgId) && !cited.some((c) => c.id === r.id),
  );
  return (
    <Select
      mode="multiple"
      allowClear
      showSearch
      optionFilterProp="label"
      loading={records.isLoading}
      options={[...cited, ...listed].map((r) => ({ value: r.id, label: ledgerRecordText(r) }))}
      placeholder="选择台账记录"
      notFoundContent={records.isLoading ? '加载中…' : '没有可选的台账记录'}
      value={value}
      onChange={onChange}
      data-testid={testId}
    />
  );
}
