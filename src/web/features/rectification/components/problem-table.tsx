import { Table, type TableColumnsType } from 'antd';

export interface Paging {
  page: number;
  pageSize: number;
}

/** A page of problems: the 问题清单's and the 逾期清单's table, one card column on a phone. */
export function ProblemTable<T extends { id: number }>(props: {
  items: readonly T[] | undefined;
  total: number | undefined;
  loading: boolean;
  columns: TableColumnsType<T>;
  isPhone: boolean;
  paging: Paging;
  onPage: (paging: Paging) => void;
  emptyText: string;
  /** What the total counts: 问题, 逾期问题. */
  noun: string;
  'data-testid': string;
}) {
  const { paging, isPhone } = props;
  return (
    <Table<T>
      rowKey="id"
      size="middle"
      loading={props.loading}
      dataSource={props.items ? [...props.items] : []}
      columns={props.columns}
      scroll={isPhone ? undefined : { x: 'max-content' }}
      locale={{ emptyText: props.emptyText }}
      pagination={{
        current: paging.page,
        pageSize: paging.pageSize,
        total: props.total ?? 0,
        showSizeChanger: !isPhone,
        showTotal: (n) => `共 ${n} 个${props.noun}`,
        onChange: (page, pageSize) => props.onPage({ page, pageSize }),
      }}
      data-testid={props['data-testid']}
    />
  );
}
