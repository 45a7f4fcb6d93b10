import {
  Alert,
  App,
  Button,
  Empty,
  type GetRef,
  InputNumber,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { gradeLabelSets } from '../../../../domain/results/grades.js';
import { paperPassLabels, sheetStatusLabels, type SheetStatus } from '../../../../domain/paper-ballots.js';
import { errorText } from '../../../shared/api-client.js';
import { affectedBy, meetingKeys } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import {
  correctPaperSheet,
  countPaperSheets,
  discardPaperSheets,
  enterPaperSheet,
  listPaperSheets,
} from '../api/meetings.js';
import { PaperEntryGrid, type SheetChoices } from './paper-entry-grid.js';
import type { Meeting } from '../../../../contract/meetings.js';
import type { PaperSheet } from '../../../../contract/paper-ballots.js';

const statusColors: Record<SheetStatus, string> = {
  agreed: 'green',
  differs: 'red',
  awaitingSecond: 'gold',
  conflict: 'volcano',
};

const gradeText = (grade: string | null) =>
  grade === null ? '弃权' : (gradeLabelSets.appraisal as Record<string, string>)[grade];

const entrantText = (entrant: PaperSheet['first']) =>
  entrant ? `${entrant.userName}${entrant.mine ? '（我）' : ''}` : '—';

/** What saving the sheet now would be: a new first or second entry, or a correction of one's own. */
function entryKind(sheet: PaperSheet | undefined) {
  if (sheet?.first?.mine || sheet?.second?.mine) return '修改我的录入';
  return sheet?.first ? paperPassLabels[2] : paperPassLabels[1];
}

/** The sheet being typed: its serial and its grid, and saving it. */
function EntryForm({ meeting, sheets }: { meeting: Meeting; sheets: PaperSheet[] }) {
  const { message } = App.useApp();
  const serialInput = useRef<GetRef<typeof InputNumber>>(null);
  const [serial, setSerial] = useState<number | null>(null);
  const [choices, setChoices] = useState<SheetChoices>({});
  const [cursor, setCursor] = useState(0);
  const sheet = sheets.find((s) => s.serial === serial);
  const correcting = Boolean(sheet?.first?.mine || sheet?.second?.mine);
  const pick = (next: number | null) => {
    setSerial(next);
    const own = sheets.find((s) => s.serial === next)?.myChoices;
    setChoices((own ?? {}) as SheetChoices);
    setCursor(0);
  };
  const save = useSubmit({
    submit: () =>
      correcting
        ? correctPaperSheet(meeting.id, serial!, { choices })
        : enterPaperSheet(meeting.id, { serial: serial!, choices }),
    invalidates: affectedBy.meetings,
    onSuccess: (saved) => {
      void message.success(`编号 ${saved.serial} 已保存：${sheetStatusLabels[saved.status]}`);
      pick(null);
      serialInput.current?.focus();
    },
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="paper-entry">
      <Space wrap>
        <span>测评码编号</span>
        <InputNumber
          ref={serialInput}
          min={1}
          precision={0}
          value={serial}
          onChange={(v) => pick(typeof v === 'number' ? v : null)}
          placeholder="纸质票上的编号"
          // InputNumber's default width cuts the placeholder off.
          style={{ width: 160 }}
          autoFocus
          data-testid="paper-serial"
        />
        {serial !== null && (
          <Tag color={correcting ? 'blue' : 'purple'} data-testid="paper-pass">
            {entryKind(sheet)}
          </Tag>
        )}
      </Space>
      {serial !== null && (
        <>
          <PaperEntryGrid
            reporters={meeting.reporters}
            items={meeting.items}
            choices={choices}
            onChange={setChoices}
            cursor={cursor}
            onCursor={setCursor}
          />
          <Button
            type="primary"
            loading={save.submitting}
            onClick={() => save.run(undefined)}
            data-testid="paper-save"
          >
            保存录入
          </Button>
        </>
      )}
    </Space>
  );
}

/** Where two entries differ, each cell named, both readings side by side. */
function Differences({ sheet }: { sheet: PaperSheet }) {
  if (sheet.differences.length === 0) return null;
  return (
    <ul className="paper-difference" style={{ margin: 0, paddingLeft: 16 }}>
      {sheet.differences.map((d) => (
        <li key={`${d.orgId}-${d.item}`}>
          {d.orgName} · {d.itemLabel}：第一次 {gradeText(d.first)}，第二次 {gradeText(d.second)}
        </li>
      ))}
    </ul>
  );
}

/**
 * 纸质票: sheets entered by their code's serial, each twice by two different users; the list
 * reconciles them, and 计入 turns the 一致 ones into ordinary anonymous ballots.
 */
export function PaperBallotsPanel({ meeting, writable }: { meeting: Meeting; writable: boolean }) {
  const { modal } = App.useApp();
  const { data, error } = useQuery({
    queryKey: meetingKeys.paper(meeting.id),
    queryFn: ({ signal }) => listPaperSheets(meeting.id, signal),
  });
  const count = useSubmit({ submit: () => countPaperSheets(meeting.id), invalidates: affectedBy.meetings });
  const discard = useSubmit({
    submit: () => discardPaperSheets(meeting.id),
    invalidates: affectedBy.meetings,
  });
  if (error) return <Alert type="error" showIcon title={errorText(error)} />;
  if (!data) return <Spin />;
  const sheets = data.items;
  const agreed = sheets.filter((s) => s.status === 'agreed').length;
  const open = meeting.voting === 'open';
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle" data-testid="paper-panel">
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        纸质票按测评码编号录入，每张须由两位同志分别录入一次；两次一致后才能计入，计入后与手机投票的测评票一样匿名。
      </Typography.Paragraph>
      {meeting.voting === 'notOpened' && <Alert type="info" showIcon title="开始投票后才能录入纸质票。" />}
      {open && writable && <EntryForm meeting={meeting} sheets={sheets} />}
      <Typography.Title level={5} style={{ margin: 0 }}>
        核对
      </Typography.Title>
      {sheets.length === 0 ? (
        <Empty description="没有待核对的纸质票录入" />
      ) : (
        <Table<PaperSheet>
          rowKey="serial"
          size="small"
          pagination={false}
          dataSource={sheets}
          data-testid="paper-sheets"
          scroll={{ x: 'max-content' }}
          columns={[
            { title: '编号', dataIndex: 'serial', width: 70 },
            { title: '评议人类别', dataIndex: 'category', width: 120 },
            {
              title: '状态',
              dataIndex: 'status',
              width: 110,
              render: (status: SheetStatus) => (
                <Tag color={statusColors[status]}>{sheetStatusLabels[status]}</Tag>
              ),
            },
            { title: '第一次录入', key: 'first', render: (_, s) => entrantText(s.first) },
            { title: '第二次录入', key: 'second', render: (_, s) => entrantText(s.second) },
            { title: '不一致之处', key: 'differences', render: (_, s) => <Differences sheet={s} /> },
          ]}
        />
      )}
      {writable && open && sheets.length > 0 && (
        <Space wrap>
          <Button
            type="primary"
            disabled={agreed === 0}
            loading={count.submitting}
            data-testid="paper-count"
            onClick={() =>
              modal.confirm({
                title: `计入 ${agreed} 张纸质票？`,
                content: `两次录入一致的 ${agreed} 张纸质票将计入测评票，其测评码作废；计入后不能撤回，也不再保留编号与选择的对应。`,
                okText: '计入',
                cancelText: '取消',
                onOk: () => count.runAsync(undefined).catch(() => undefined),
              })
            }
          >
            计入一致的纸质票（{agreed} 张）
          </Button>
          <Button
            danger
            loading={discard.submitting}
            data-testid="paper-discard"
            onClick={() =>
              modal.confirm({
                title: `放弃 ${sheets.length} 张纸质票的录入？`,
                content: '全部未计入的录入将被删除，不能恢复；已计入的测评票不受影响。',
                okText: '放弃',
                okButtonProps: { danger: true },
                cancelText: '取消',
                onOk: () => discard.runAsync(undefined).catch(() => undefined),
              })
            }
          >
            放弃未计入的录入
          </Button>
        </Space>
      )}
    </Space>
  );
}
