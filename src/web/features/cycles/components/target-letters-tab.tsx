import { Alert, Button, List, Progress, Space, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText } from '../../../shared/api-client.js';
import { affectedBy, assessmentKeys } from '../../../shared/query-keys.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { createTargetLetters, listTargetLetters } from '../api/target-letters.js';
import { LetterStatusTag } from './cycle-labels.js';
import { TargetLetterDrawer } from './target-letter-drawer.js';
import type { Cycle } from '../../../../contract/cycles.js';
import type { TargetLetterSummary } from '../../../../contract/target-letters.js';

function LetterProgress({ letter }: { letter: NonNullable<TargetLetterSummary['letter']> }) {
  const percent = letter.items ? Math.round((letter.reached / letter.items) * 100) : 0;
  return (
    <Space>
      <Progress percent={percent} size="small" style={{ width: 120 }} showInfo={false} />
      <span>
        已完成 {letter.reached}/{letter.items} 项
      </span>
    </Space>
  );
}

/** 目标责任书: one per reporting org, made from the scheme, issued by the organizer, signed by the secretary. */
export function TargetLettersTab({ cycle }: { cycle: Cycle }) {
  const phone = useIsPhone();
  const [open, setOpen] = useState<number | null>(null);
  const { data, error, isFetching } = useQuery({
    queryKey: assessmentKeys.letters(cycle.id),
    queryFn: ({ signal }) => listTargetLetters(cycle.id, signal),
  });
  const generate = useSubmit({
    submit: () => createTargetLetters({ cycleId: cycle.id }),
    invalidates: affectedBy.assessment,
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return null;
  const missing = data.items.filter((i) => !i.letter).length;
  const openButton = (row: TargetLetterSummary) =>
    row.letter ? (
      <Button type="link" onClick={() => setOpen(row.letter!.id)} data-testid={`letter-open-${row.orgId}`}>
        查看
      </Button>
    ) : (
      <Typography.Text type="secondary">未生成</Typography.Text>
    );
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary">
        目标责任书按考核方案中可计数的指标分解目标，由组织考核的党组织下达、述职组织书记签收；完成情况按台账实时统计。
      </Typography.Paragraph>
      {data.writable && missing > 0 && (
        <Button
          type="primary"
          loading={generate.submitting}
          onClick={() => generate.run(undefined)}
          data-testid="letters-generate"
        >
          为{missing}个组织生成责任书草稿
        </Button>
      )}
      {phone ? (
        <List
          dataSource={data.items}
          loading={isFetching}
          locale={{ emptyText: '述职范围内没有组织' }}
          renderItem={(row) => (
            <List.Item actions={[openButton(row)]}>
              <List.Item.Meta
                title={row.orgName}
                description={
                  row.letter ? (
                    <Space orientation="vertical" size={0}>
                      <LetterStatusTag status={row.letter.status} />
                      <LetterProgress letter={row.letter} />
                    </Space>
                  ) : (
                    '尚未生成'
                  )
                }
              />
            </List.Item>
          )}
        />
      ) : (
        <Table<TargetLetterSummary>
          rowKey="orgId"
          size="small"
          loading={isFetching}
          dataSource={data.items}
          pagination={false}
          locale={{ emptyText: '述职范围内没有组织' }}
          columns={[
            { title: '组织', dataIndex: 'orgName' },
            {
              title: '状态',
              render: (_, r) => (r.letter ? <LetterStatusTag status={r.letter.status} /> : '未生成'),
            },
            { title: '完成情况', render: (_, r) => (r.letter ? <LetterProgress letter={r.letter} /> : '—') },
            { title: '下达日期', render: (_, r) => r.letter?.issuedOn ?? '—' },
            { title: '签收日期', render: (_, r) => r.letter?.acknowledgedOn ?? '—' },
            { title: '操作', width: 80, render: (_, r) => openButton(r) },
          ]}
        />
      )}
      <TargetLetterDrawer letterId={open} onClose={() => setOpen(null)} />
    </Space>
  );
}
