import { Alert, Table, type TableColumnsType } from 'antd';
import { heldElsewhereCountMessage } from '../../../domain/id-card-clash.js';
import type { RowError, RowErrors } from '../../../contract/imports.js';

const columns: TableColumnsType<RowError> = [
  { title: '行', dataIndex: 'row', width: 80 },
  { title: '列', dataIndex: 'column', width: 180 },
  { title: '问题', dataIndex: 'message' },
];

/** The rows a rejected file must fix, as the server listed them (capped, with the total). */
export function ImportErrorsTable({ result }: { result: RowErrors }) {
  const capped = result.total > result.errors.length;
  return (
    <>
      <Alert
        type="error"
        showIcon
        style={{ marginBottom: 12 }}
        message={`文件共 ${result.rows} 行数据，发现 ${result.total} 处错误，未导入任何数据。请按下表修改后重新上传。`}
        description={
          [
            capped ? `错误较多，仅列出前 ${result.errors.length} 处。` : '',
            result.registeredElsewhere ? `${heldElsewhereCountMessage(result.registeredElsewhere)}。` : '',
          ].join('') || undefined
        }
      />
      <Table
        size="small"
        rowKey={(e) => `${e.row}:${e.column}:${e.message}`}
        columns={columns}
        dataSource={result.errors}
        pagination={{ defaultPageSize: 20, showSizeChanger: true, showTotal: (n) => `共 ${n} 条` }}
        data-testid="import-errors"
      />
    </>
  );
}
