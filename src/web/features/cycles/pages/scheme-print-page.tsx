import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { schemeColumns, schemeSheetRows } from '../../../../domain/scheme-sheet.js';
import { schemeAudiences } from '../../../../domain/schemes.js';
import { errorText } from '../../../shared/api-client.js';
import { cycleKeys } from '../../../shared/query-keys.js';
import { getCycle } from '../api/cycles.js';
import { getScheme } from '../api/schemes.js';
import type { SchemeBody } from '../../../../contract/schemes.js';

/** The printed columns: those of the xlsx's print area (all but 编号 and the rule's data). */
const printed = schemeColumns.filter((c) => c.key !== 'key' && c.key !== 'rule' && c.key !== 'kind');

/** 考核评分细则 on A4 landscape, the same rows as the exported sheet. */
export function SchemePrintPage() {
  const params = useParams();
  const id = Number(params.id);
  const audience = (schemeAudiences as readonly string[]).includes(params.audience ?? '')
    ? (params.audience as SchemeBody['audience'])
    : 'branch';
  const version = Number(useSearchParams()[0].get('version')) || undefined;
  const cycle = useQuery({ queryKey: cycleKeys.detail(id), queryFn: ({ signal }) => getCycle(id, signal) });
  const scheme = useQuery({
    queryKey: cycleKeys.scheme(id, audience, version),
    queryFn: ({ signal }) => getScheme(id, audience, version, signal),
  });
  const error = cycle.error ?? scheme.error;
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!cycle.data || !scheme.data) return <Spin />;
  const { body } = scheme.data;
  const rows = schemeSheetRows(body);
  // The first row of each category carries its merged cell, spanning the category's rows.
  const spans = new Map<number, number>();
  let at = 0;
  for (const c of body.categories) {
    if (c.indicators.length > 0) spans.set(at, c.indicators.length);
    at += c.indicators.length;
  }
  return (
    <div className="roster" data-testid="scheme-print">
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Link to={`/cycles/${id}?tab=scheme`}>返回考核周期</Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </Space>
      <h1 className="roster-title">{body.name}</h1>
      <p className="roster-meta">
        {cycle.data.name}（第{scheme.data.version}版） 满分{scheme.data.total}分
        {body.bonusCap === undefined ? '' : `，加分项合计不超过${body.bonusCap}分`}
      </p>
      <table className="roster-table">
        <thead>
          <tr>
            {printed.map((c) => (
              <th key={c.key} style={{ width: `${c.width}ch` }}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={row.key}>
              {printed.map((c) =>
                c.key !== 'category' ? (
                  <td key={c.key}>{row[c.key]}</td>
                ) : spans.has(i) ? (
                  <td key={c.key} rowSpan={spans.get(i)}>
                    {row.category}
                  </td>
                ) : null,
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
