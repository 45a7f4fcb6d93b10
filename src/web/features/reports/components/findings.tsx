import { Card, Col, Row, Typography } from 'antd';
import type { Finding } from '../../../../domain/analyzer/analyze.js';
import { surroundings } from '../../../../domain/analyzer/span.js';
import { officialText } from './report-text.js';

/** One colour per kind of finding, the same in the review and in the editor's check. */
export const kindColors: Partial<Record<Finding['kind'], string>> = {
  placeholder: 'red',
  registryMismatch: 'volcano',
  inconsistentSum: 'orange',
  inconsistentShare: 'orange',
  copiedPassage: 'purple',
  similarReport: 'magenta',
  repeatedPassage: 'purple',
  problemWithoutCause: 'blue',
  problemWithoutPlan: 'blue',
};

/** One side of a copy: the passage marked, in the words around it. */
function Passage({ label, before, passage, after }: { label: string } & ReturnType<typeof surroundings>) {
  return (
    <Col xs={24} md={12}>
      <Typography.Text type="secondary">{label}</Typography.Text>
      <div style={{ ...officialText, fontSize: 14 }}>
        {before}
        <mark style={{ background: '#efdbff', padding: 0 }}>{passage}</mark>
        {after}
      </div>
    </Col>
  );
}

/** A copied passage beside the same passage in the report it came from. */
export function CopyBeside({ text, finding }: { text: string; finding: Finding }) {
  const source = finding.source!;
  return (
    <Card
      size="small"
      title={`雷同对比：本报告 ↔ ${source.name}的报告`}
      style={{ marginBottom: 16 }}
      data-testid="report-copy-compare"
    >
      <Row gutter={16}>
        <Passage label="本报告" {...surroundings(text, finding.span, 30)} />
        <Passage label={`${source.name}的报告`} {...source} />
      </Row>
    </Card>
  );
}

/** The words around a span, the span in bold: eighteen “***” on one page are told apart by their context. */
export function Around({ text, span }: { text: string; span: Finding['span'] }) {
  const { before, passage, after } = surroundings(text, span, 10);
  const flat = (words: string) => words.replace(/\s+/g, ' ');
  return (
    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
      …{flat(before)}
      <Typography.Text strong style={{ fontSize: 12 }}>
        {passage.length > 40 ? `${passage.slice(0, 40)}…` : passage}
      </Typography.Text>
      {flat(after)}…
    </Typography.Text>
  );
}
