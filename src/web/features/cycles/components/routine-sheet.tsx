import { DownloadOutlined, MinusCircleOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Radio,
  Space,
  Spin,
  Table,
  Tag,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import {
  routineSheetColumns,
  routineSheetRows,
  type RoutineSheetRow,
} from '../../../../domain/routine-scores.js';
import { scorerLabels } from '../../../../domain/schemes.js';
import { errorText } from '../../../shared/api-client.js';
import { FormModal } from '../../../shared/form-modal.js';
import { formatDateTime } from '../../../shared/format.js';
import { affectedBy, cycleKeys, routineKeys } from '../../../shared/query-keys.js';
import { useIsPhone } from '../../../shared/use-is-phone.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { getOrgSheet, routineExportUrl, saveDeductions, saveScore, saveVeto } from '../api/routine-scores.js';
import { getScheme } from '../api/schemes.js';
import { EvidenceList, EvidenceModal } from './evidence-modal.js';
import type { OrgSheet, SheetLine } from '../../../../contract/routine-scores.js';
import type { Indicator } from '../../../../contract/schemes.js';

/** Current or being recomputed: never a stale total shown as if it were current. */
export function ScoreStatusTag({ status }: { status: OrgSheet['status'] }) {
  return status === 'current' ? (
    <Tag color="green" data-testid="score-status">
      已是最新
    </Tag>
  ) : (
    <Tag color="orange" data-testid="score-status">
      计算中
    </Tag>
  );
}

interface Row extends RoutineSheetRow {
  rowKey: string;
  line: SheetLine | null;
  /** Rows the 类别 cell spans (0 below its first row). */
  span: number;
}

function rowsOf(view: OrgSheet): Row[] {
  const lines = view.sheet!.categories.flatMap((c) => c.lines);
  const rows = routineSheetRows(view.sheet!);
  return rows.map((row, i) => {
    const first = i === 0 || rows[i - 1]!.category !== row.category;
    let span = 0;
    if (first) while (rows[i + span]?.category === row.category) span++;
    return { ...row, rowKey: lines[i]?.key ?? 'total', line: lines[i] ?? null, span };
  });
}

type Editing = { kind: 'score' | 'deductions' | 'veto' | 'evidence'; indicator: Indicator } | null;

function ScoreModal({ view, editing, onClose }: { view: OrgSheet; editing: Editing; onClose: () => void }) {
  const [form] = Form.useForm<{ points: number; reason?: string }>();
  const [deductionsForm] = Form.useForm<{ deductions: { points: number; reason: string }[] }>();
  const invalidates = affectedBy.routine;
  const score = useSubmit({
    submit: (input: { points: number; reason?: string }) =>
      saveScore(view.cycle.id, view.org.id, editing!.indicator.key, {
        points: input.points,
        ...(input.reason?.trim() ? { reason: input.reason.trim() } : {}),
      }),
    invalidates,
    form,
    onSuccess: onClose,
  });
  const deductions = useSubmit({
    submit: (input: { deductions?: { points: number; reason: string }[] }) =>
      saveDeductions(view.cycle.id, view.org.id, editing!.indicator.key, {
        deductions: input.deductions ?? [],
      }),
    invalidates,
    form: deductionsForm,
    onSuccess: onClose,
  });
  const [vetoForm] = Form.useForm<{ applies: boolean; reason: string }>();
  const veto = useSubmit({
    submit: (input: { applies: boolean; reason: string }) =>
      saveVeto(view.cycle.id, view.org.id, editing!.indicator.key, {
        applies: input.applies,
        reason: input.reason.trim(),
      }),
    invalidates,
    form: vetoForm,
    onSuccess: onClose,
  });
  const indicator = editing?.indicator;
  const automatic = indicator?.rule !== undefined && indicator.rule.kind !== 'manual';
  const entered = view.entries.find((e) => e.key === indicator?.key);
  return (
    <>
      <FormModal
        title={`${scorerLabels[view.scoreAs ?? 'organizer']}评分：${indicator?.name ?? ''}`}
        open={editing?.kind === 'score'}
        formId="routine-score-form"
        submitting={score.submitting}
        onCancel={onClose}
        afterClose={score.reset}
        data-testid="routine-score-modal"
      >
        <Form form={form} id="routine-score-form" layout="vertical" onFinish={score.run}>
          {score.error && <Alert type="error" showIcon title={score.error} style={{ marginBottom: 16 }} />}
          <Form.Item
            label={`得分（0–${indicator?.maxPoints ?? 0}分）`}
            name="points"
            rules={[{ required: true, message: '请填写得分' }]}
          >
            <InputNumber
              min={0}
              max={indicator?.maxPoints}
              step={0.25}
              precision={2}
              style={{ width: '100%' }}
            />
          </Form.Item>
          <Form.Item
            label={automatic ? '改分理由（本项已按规则自动评分，改分须说明理由）' : '评分说明'}
            name="reason"
            rules={automatic ? [{ required: true, whitespace: true, message: '请写明改分理由' }] : []}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </FormModal>
      <FormModal
        title={`酌情扣分：${indicator?.name ?? ''}`}
        open={editing?.kind === 'deductions'}
        formId="routine-deductions-form"
        submitting={deductions.submitting}
        onCancel={onClose}
        afterClose={deductions.reset}
      >
        <Form
          form={deductionsForm}
          id="routine-deductions-form"
          layout="vertical"
          onFinish={deductions.run}
          initialValues={{ deductions: entered?.deductions ?? [] }}
        >
          {deductions.error && (
            <Alert type="error" showIcon title={deductions.error} style={{ marginBottom: 16 }} />
          )}
          <Form.List name="deductions">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field) => (
                  <Space key={field.key} align="start" wrap>
                    <Form.Item name={[field.name, 'points']} rules={[{ required: true, message: '扣分' }]}>
                      <InputNumber min={0.01} max={indicator?.maxPoints} step={0.5} placeholder="扣分" />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'reason']}
                      rules={[{ required: true, whitespace: true, message: '请写明扣分理由' }]}
                    >
                      <Input placeholder="扣分理由" maxLength={500} />
                    </Form.Item>
                    <MinusCircleOutlined aria-label="删除" onClick={() => remove(field.name)} />
                  </Space>
                ))}
                <Button type="dashed" icon={<PlusOutlined />} onClick={() => add()}>
                  添加一条扣分
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </FormModal>
      <FormModal
        title={`一票否决：${indicator?.name ?? ''}`}
        open={editing?.kind === 'veto'}
        formId="routine-veto-form"
        submitting={veto.submitting}
        onCancel={onClose}
        afterClose={veto.reset}
        data-testid="routine-veto-modal"
      >
        <Form
          form={vetoForm}
          id="routine-veto-form"
          layout="vertical"
          onFinish={veto.run}
          initialValues={{ applies: !entered?.veto?.applies, reason: '' }}
        >
          {veto.error && <Alert type="error" showIcon title={veto.error} style={{ marginBottom: 16 }} />}
          <Form.Item label="认定" name="applies">
            <Radio.Group
              options={[
                { value: true, label: '适用一票否决（本组织评为最低等次）' },
                { value: false, label: '不适用（撤销此前的否决认定）' },
              ]}
            />
          </Form.Item>
          <Form.Item
            label="事实和理由"
            name="reason"
            rules={[{ required: true, whitespace: true, message: '请写明认定或撤销的事实和理由' }]}
          >
            <Input.TextArea rows={3} maxLength={500} />
          </Form.Item>
        </Form>
      </FormModal>
    </>
  );
}

/** Who entered what on a line: every scorer's latest score, so an override keeps both visible. */
function EnteredScores({ view, lineKey }: { view: OrgSheet; lineKey: string }) {
  const entered = view.entries.find((e) => e.key === lineKey);
  const texts = (entered?.scores ?? []).map(
    (s) => `${scorerLabels[s.by]}${s.points}分（${s.userName}${s.reason ? `：${s.reason}` : ''}）`,
  );
  const veto = entered?.veto;
  // A lifted veto stays on the line: who lifted it and why is part of the record.
  if (veto && !veto.applies)
    texts.push(`${scorerLabels[veto.by]}撤销否决（${veto.userName}：${veto.reason}）`);
  else if (veto) texts.push(`${scorerLabels[veto.by]}认定（${veto.userName}）`);
  if (!texts.length) return null;
  return (
    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
      {texts.join('；')}
    </Typography.Text>
  );
}

type RowPart = (row: Row) => ReactNode;

/**
 * The sheet on a phone: a card per indicator under its category's heading, score against points
 * in the card's corner, so nothing scrolls sideways; the same rows and cells as the table.
 */
function PhoneSheet({
  rows,
  explanationOf,
  scoreOf,
  actionsOf,
}: {
  rows: Row[];
  explanationOf: RowPart;
  scoreOf: RowPart;
  actionsOf: RowPart;
}) {
  return (
    <div data-testid="routine-sheet-cards">
      {rows.map((row) => (
        <div key={row.rowKey}>
          {row.span > 0 && row.line && (
            <Typography.Title level={5} style={{ margin: '16px 0 8px' }}>
              {row.category}
            </Typography.Title>
          )}
          <Card
            size="small"
            style={{ marginBottom: 8 }}
            title={row.line ? `${row.number}. ${row.name}` : '合计'}
            extra={
              <span>
                {scoreOf(row)} / {row.maxPoints}
                {typeof row.maxPoints === 'number' ? '分' : ''}
              </span>
            }
            styles={{ title: { whiteSpace: 'normal' } }}
          >
            {explanationOf(row)}
            <div style={{ marginTop: 4 }}>{actionsOf(row)}</div>
          </Card>
        </div>
      ))}
    </div>
  );
}

/** One org's 日常考核 sheet: the rows the export and the print show, with scoring inline. */
export function RoutineSheet({ cycleId, orgId }: { cycleId: number; orgId: number }) {
  const [editing, setEditing] = useState<Editing>(null);
  const isPhone = useIsPhone();
  const sheet = useQuery({
    queryKey: routineKeys.sheet(cycleId, orgId),
    queryFn: ({ signal }) => getOrgSheet(cycleId, orgId, signal),
    // While pending, ask again until the refresher has stored the current sheet.
    refetchInterval: (query) => (query.state.data?.status === 'pending' ? 1500 : false),
  });
  const audience = sheet.data?.audience;
  const scheme = useQuery({
    queryKey: cycleKeys.scheme(cycleId, audience ?? 'branch'),
    queryFn: ({ signal }) => getScheme(cycleId, audience!, undefined, signal),
    enabled: audience !== undefined,
  });
  if (sheet.error) return <Alert type="error" showIcon title={errorText(sheet.error)} />;
  const view = sheet.data;
  if (!view) return <Spin />;
  const indicatorOf = (key: string) =>
    scheme.data?.body.categories.flatMap((c) => c.indicators).find((i) => i.key === key);

  // The cells both layouts show: the table's columns on a desk, a card per indicator on a phone.
  const explanationOf = (row: Row) => (
    <>
      <span data-testid={`routine-explanation-${row.rowKey}`}>{row.explanation}</span>
      {row.line && <EnteredScores view={view} lineKey={row.line.key} />}
      {row.line && (
        <EvidenceList
          lineKey={row.line.key}
          evidence={view.entries.find((e) => e.key === row.line!.key)?.evidence ?? null}
        />
      )}
    </>
  );
  const scoreOf = (row: Row) => <span data-testid={`routine-score-${row.rowKey}`}>{row.score}</span>;
  const actionsOf = (row: Row) => {
    const indicator = row.line ? indicatorOf(row.line.key) : undefined;
    if (!view.writable || !indicator) return null;
    if (indicator.kind === 'veto')
      // The org's own secretary does not judge a veto on themselves.
      return view.scoreAs === 'self' ? null : (
        <Button
          type="link"
          size="small"
          danger={!row.line!.vetoed}
          data-testid={`routine-veto-${row.rowKey}`}
          onClick={() => setEditing({ kind: 'veto', indicator })}
        >
          {row.line!.vetoed ? '撤销否决' : '认定否决'}
        </Button>
      );
    return (
      <Space size={0} wrap>
        <Button
          type="link"
          size="small"
          data-testid={`routine-edit-${row.rowKey}`}
          onClick={() => setEditing({ kind: 'score', indicator })}
        >
          评分
        </Button>
        {indicator.rule?.kind === 'manual' && (
          <Button type="link" size="small" onClick={() => setEditing({ kind: 'deductions', indicator })}>
            酌情扣分
          </Button>
        )}
        <Button
          type="link"
          size="small"
          data-testid={`routine-evidence-edit-${row.rowKey}`}
          onClick={() => setEditing({ kind: 'evidence', indicator })}
        >
          佐证材料
        </Button>
      </Space>
    );
  };

  const columns: TableColumnsType<Row> = [
    ...routineSheetColumns.map((c) => ({
      title: c.header,
      dataIndex: c.key,
      key: c.key,
      width: c.key === 'explanation' ? 320 : c.key === 'name' ? 180 : c.key === 'category' ? 120 : 64,
      ...(c.key === 'category'
        ? { onCell: (row: Row) => ({ rowSpan: row.span }) }
        : c.key === 'explanation'
          ? { render: (_: unknown, row: Row) => explanationOf(row) }
          : c.key === 'score'
            ? { render: (_: unknown, row: Row) => scoreOf(row) }
            : {}),
    })),
    ...(view.writable
      ? [{ title: '操作', key: 'actions', width: 110, render: (_: unknown, row: Row) => actionsOf(row) }]
      : []),
  ];

  return (
    <div data-testid="routine-sheet">
      <Space wrap style={{ marginBottom: 12 }}>
        <Typography.Text strong>{view.org.name}</Typography.Text>
        <ScoreStatusTag status={view.status} />
        {view.sheet && (
          <Typography.Text data-testid="routine-total">
            得分 {view.sheet.total} / 满分 {view.sheet.maxPoints}
          </Typography.Text>
        )}
        {view.sheet && view.sheet.pending > 0 && <Tag>{view.sheet.pending}项未评分</Tag>}
        {view.computedAt && (
          <Typography.Text type="secondary">计算于 {formatDateTime(view.computedAt)}</Typography.Text>
        )}
      </Space>
      {view.status === 'pending' && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title="台账、党员、考核方案或评分有变动，正在重新计算；下表为上次计算的结果。"
        />
      )}
      {!view.sheet ? (
        <Alert type="info" showIcon title="尚无计算结果（本周期可能尚未制定适用的考核方案）" />
      ) : (
        <>
          <Space wrap style={{ marginBottom: 12 }}>
            <Button
              icon={<DownloadOutlined />}
              href={routineExportUrl(cycleId, orgId)}
              data-testid="routine-export"
            >
              导出 Excel
            </Button>
            <Link to={`/cycles/${cycleId}/routine/${orgId}/print`}>
              <Button icon={<PrinterOutlined />}>打印评分表</Button>
            </Link>
          </Space>
          {isPhone ? (
            <PhoneSheet
              rows={rowsOf(view)}
              explanationOf={explanationOf}
              scoreOf={scoreOf}
              actionsOf={actionsOf}
            />
          ) : (
            <Table<Row>
              rowKey="rowKey"
              size="small"
              bordered
              pagination={false}
              columns={columns}
              dataSource={rowsOf(view)}
              scroll={{ x: 900 }}
            />
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
            {view.sheet.explanation}
          </Typography.Paragraph>
        </>
      )}
      <ScoreModal view={view} editing={editing} onClose={() => setEditing(null)} />
      <EvidenceModal
        key={editing?.kind === 'evidence' ? editing.indicator.key : 'closed'}
        view={view}
        indicator={editing?.kind === 'evidence' ? editing.indicator : null}
        onClose={() => setEditing(null)}
      />
    </div>
  );
}
