import { Card, Col, Row, Statistic } from 'antd';
import type { Statistics } from '../../../../contract/statistics.js';

const percent = (value: number | null) => (value === null ? '' : `${value}%`);

/** The figures a 基本情况 opens with, one card each. */
export function HeadlineFigures({ stats }: { stats: Statistics }) {
  const { orgs, members } = stats;
  const figures = [
    {
      key: 'orgs',
      title: '党组织',
      value: orgs.total,
      suffix: '个',
      note: `基层党组织 ${orgs.branchTotal} 个`,
    },
    {
      key: 'members',
      title: '党员',
      value: members.total,
      suffix: '名',
      note: `正式党员 ${members.full} 名`,
    },
    {
      key: 'female',
      title: '女党员',
      value: members.female.count,
      suffix: '名',
      note: `占 ${percent(members.female.percent) || '—'}`,
    },
    {
      key: 'probationary',
      title: '预备党员',
      value: members.probationary,
      suffix: '名',
      note: `发展对象 ${members.candidates} 名`,
    },
    {
      key: 'activists',
      title: '入党积极分子',
      value: members.activists,
      suffix: '名',
      note: `入党申请人 ${members.applicants} 名`,
    },
    {
      key: 'mobile',
      title: '流出党员',
      value: members.mobile.outflow.count,
      suffix: '名',
      note: `流入党员 ${members.mobile.inflow} 名`,
    },
  ];
  return (
    <Row gutter={[12, 12]} data-testid="headline-figures">
      {figures.map((f) => (
        <Col key={f.key} xs={12} sm={8} xl={4}>
          <Card size="small" data-testid={`figure-${f.key}`}>
            <Statistic title={f.title} value={f.value} suffix={f.suffix} groupSeparator="" />
            <div className="figure-note">{f.note}</div>
          </Card>
        </Col>
      ))}
    </Row>
  );
}
