import { PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Space, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { errorText } from '../../../shared/api-client.js';
import { assessmentKeys } from '../../../shared/query-keys.js';
import { getTargetLetter } from '../api/target-letters.js';

const figure = (n: number) => String(Math.round(n * 100) / 100);

/** 目标责任书 on A4 portrait: the targets, then both parties' signature lines. */
export function TargetLetterPrintPage() {
  const id = Number(useParams().id);
  const { data: letter, error } = useQuery({
    queryKey: assessmentKeys.letter(id),
    queryFn: ({ signal }) => getTargetLetter(id, signal),
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!letter) return <Spin />;
  return (
    <div className="letter-sheet" data-testid="letter-print">
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Link to={`/cycles/${letter.cycle.id}?tab=letters`}>返回考核周期</Link>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
      </Space>
      <h1 className="roster-title">{letter.org.name}党建工作目标责任书</h1>
      <p className="roster-meta">
        {letter.cycle.name}（{letter.cycle.startsOn} 至 {letter.cycle.endsOn}）
      </p>
      <p>
        为落实党建工作责任制，{letter.cycle.orgName}与{letter.org.name}
        签订本目标责任书，明确以下目标，作为年度考核的依据。
      </p>
      <table className="roster-table">
        <thead>
          <tr>
            <th style={{ width: '3em' }}>序号</th>
            <th>目标事项</th>
            <th style={{ width: '8em' }}>目标</th>
            <th style={{ width: '12em' }}>完成情况</th>
          </tr>
        </thead>
        <tbody>
          {letter.items.map((item, i) => (
            <tr key={i}>
              <td>{i + 1}</td>
              <td>{item.label}</td>
              <td>
                {figure(item.target)}
                {item.unit}
              </td>
              <td>{item.result.detail.replace(/^目标[^，]*，/, '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="letter-signatures">
        <div>
          <p>发文方（盖章）：{letter.cycle.orgName}</p>
          <p>负责人签字：{letter.issuedByName ?? '________'}</p>
          <p>日期：{letter.issuedOn ?? '____年__月__日'}</p>
        </div>
        <div>
          <p>责任方：{letter.org.name}</p>
          <p>党组织书记签字：{letter.acknowledgedByName ?? letter.org.secretaryName ?? '________'}</p>
          <p>签收日期：{letter.acknowledgedOn ?? '____年__月__日'}</p>
        </div>
      </div>
    </div>
  );
}
