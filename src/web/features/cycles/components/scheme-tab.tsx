import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  DownloadOutlined,
  EditOutlined,
  PlusOutlined,
  PrinterOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Segmented,
  Select,
  Space,
  Table,
  Typography,
  Upload,
  type TableColumnsType,
} from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { checkMethodLabels, schemeAudienceLabels, scorerLabels } from '../../../../domain/schemes.js';
import { ApiError, errorText } from '../../../shared/api-client.js';
import { formatDateTime } from '../../../shared/format.js';
import { affectedBy, cycleKeys } from '../../../shared/query-keys.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { getScheme, importScheme, listSchemes, saveScheme, schemeExportUrl } from '../api/schemes.js';
import { IndicatorFormModal, type IndicatorTarget } from './indicator-form-modal.js';
import type { Cycle } from '../../../../contract/cycles.js';
import type { Indicator, SchemeBody } from '../../../../contract/schemes.js';

type Audience = SchemeBody['audience'];

interface Row {
  key: string;
  category: number;
  index: number;
  indicator: Indicator;
  /** Rows the category cell spans (0 on the rows below its first). */
  span: number;
}

const rowsOf = (body: SchemeBody): Row[] =>
  body.categories.flatMap((c, ci) =>
    c.indicators.map((indicator, index) => ({
      key: indicator.key,
      category: ci,
      index,
      indicator,
      span: index === 0 ? c.indicators.length : 0,
    })),
  );

const swap = <T,>(list: T[], a: number, b: number) => {
  const next = [...list];
  [next[a], next[b]] = [next[b]!, next[a]!];
  return next;
};

/** Row errors of a refused import, under their columns. */
function importErrors(error: unknown): { row: number; column: string; message: string }[] {
  if (!(error instanceof ApiError) || error.code !== 'SCHEME_ROWS_INVALID') return [];
  return (error.details as { errors?: { row: number; column: string; message: string }[] })?.errors ?? [];
}

function CategoryModal({
  body,
  index,
  onSave,
  onCancel,
  saving,
}: {
  body: SchemeBody;
  index: number | null | undefined;
  onSave: (next: SchemeBody) => void;
  onCancel: () => void;
  saving: boolean;
}) {
  const [form] = Form.useForm<{ name: string; maxPoints: number }>();
  const editing = index === undefined || index === null ? null : body.categories[index]!;
  const save = ({ name, maxPoints }: { name: string; maxPoints: number }) => {
    if (editing) {
      onSave({
        ...body,
        categories: body.categories.map((c, i) => (i === index ? { ...c, name, maxPoints } : c)),
      });
      return;
    }
    const taken = new Set(body.categories.map((c) => c.key));
    let n = body.categories.length + 1;
    while (taken.has(`cat${n}`)) n++;
    onSave({
      ...body,
      categories: [...body.categories, { key: `cat${n}`, name, maxPoints, indicators: [] }],
    });
  };
  return (
    <Modal
      title={editing ? `编辑类别：${editing.name}` : '新增类别'}
      open={index !== undefined}
      okText={editing ? '保存' : '下一步：添加第一项指标'}
      cancelText="取消"
      okButtonProps={{ htmlType: 'submit', form: 'category-form', loading: saving }}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Form
        form={form}
        id="category-form"
        // Field ids of their own: the indicator form, kept mounted, also has "name" and "maxPoints".
        name="category"
        layout="vertical"
        onFinish={save}
        initialValues={editing ?? { maxPoints: 10 }}
      >
        <Form.Item
          label="类别名称"
          name="name"
          rules={[{ required: true, whitespace: true, message: '请填写类别名称' }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label="分值" name="maxPoints" rules={[{ required: true, message: '请填写分值' }]}>
          <InputNumber min={0} max={1000} precision={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 考核方案: the indicator table as a sheet shows it, edited in place (a draft) or as a new version. */
export function SchemeTab({ cycle }: { cycle: Cycle }) {
  const { message } = App.useApp();
  const [audience, setAudience] = useState<Audience | null>(null);
  const [version, setVersion] = useState<number | undefined>(undefined);
  const [target, setTarget] = useState<IndicatorTarget | null>(null);
  const [categoryIndex, setCategoryIndex] = useState<number | null | undefined>(undefined);
  // A new category is saved with its first indicator (a category holds at least one): until then
  // the body with it waits here, and the indicator form opens on it.
  const [withNewCategory, setWithNewCategory] = useState<SchemeBody | null>(null);
  // A refused import's row errors, listed under the toast's summary until the next upload.
  const [importFailure, setImportFailure] = useState<unknown>(null);
  const summaries = useQuery({
    queryKey: cycleKeys.schemes(cycle.id),
    queryFn: ({ signal }) => listSchemes(cycle.id, signal),
  });
  const shown = audience ?? summaries.data?.items[0]?.audience ?? null;
  const scheme = useQuery({
    queryKey: cycleKeys.scheme(cycle.id, shown ?? '', version),
    queryFn: ({ signal }) => getScheme(cycle.id, shown!, version, signal),
    enabled: shown !== null,
  });
  const save = useSubmit({
    submit: (body: SchemeBody) => saveScheme(cycle.id, body),
    invalidates: affectedBy.cycles,
    onSuccess: (saved) => {
      setTarget(null);
      setCategoryIndex(undefined);
      setWithNewCategory(null);
      setVersion(undefined);
      void message.success(`已保存（第${saved.version}版）`);
    },
  });
  const upload = useSubmit({
    submit: (file: File) => importScheme(cycle.id, shown!, file),
    invalidates: affectedBy.cycles,
    onSuccess: (saved) => {
      setVersion(undefined);
      void message.success(`已导入（第${saved.version}版）`);
    },
  });

  if (summaries.error) return <Alert type="error" showIcon title={errorText(summaries.error)} />;
  if (summaries.data && summaries.data.items.length === 0)
    return <Empty description="本周期尚未制定考核方案（新建周期时可选择默认方案模板或复制以往周期的方案）" />;
  if (!shown || !scheme.data)
    return scheme.error ? <Alert type="error" showIcon title={errorText(scheme.error)} /> : null;

  const { body } = scheme.data;
  const editable = cycle.writable && scheme.data.latest;
  const put = (next: SchemeBody) => save.run(next);
  const moveIndicator = (row: Row, by: -1 | 1) =>
    put({
      ...body,
      categories: body.categories.map((c, ci) =>
        ci === row.category ? { ...c, indicators: swap(c.indicators, row.index, row.index + by) } : c,
      ),
    });
  // The last indicator of a category takes the category with it: a category holds at least one.
  const removeIndicator = (row: Row) =>
    put({
      ...body,
      categories: body.categories
        .map((c, ci) =>
          ci === row.category ? { ...c, indicators: c.indicators.filter((_, i) => i !== row.index) } : c,
        )
        .filter((c) => c.indicators.length > 0),
    });
  const saveCategory = (next: SchemeBody) => {
    if (categoryIndex !== null) {
      put(next);
      return;
    }
    setWithNewCategory(next);
    setCategoryIndex(undefined);
    setTarget({ category: next.categories.length - 1, index: null });
  };
  const categoryCell = (row: Row) => {
    const c = body.categories[row.category]!;
    return (
      <Space orientation="vertical" size={0}>
        <Typography.Text strong>{c.name}</Typography.Text>
        <Typography.Text type="secondary">（{c.maxPoints}分）</Typography.Text>
        {editable && (
          <Space size={0}>
            <Button
              size="small"
              type="link"
              icon={<EditOutlined />}
              aria-label={`编辑类别${c.name}`}
              onClick={() => setCategoryIndex(row.category)}
            />
            <Button
              size="small"
              type="link"
              icon={<ArrowUpOutlined />}
              aria-label={`上移类别${c.name}`}
              disabled={row.category === 0}
              onClick={() =>
                put({ ...body, categories: swap(body.categories, row.category, row.category - 1) })
              }
            />
          </Space>
        )}
      </Space>
    );
  };
  const columns: TableColumnsType<Row> = [
    { title: '类别', width: 120, onCell: (r) => ({ rowSpan: r.span }), render: (_, r) => categoryCell(r) },
    { title: '序号', width: 56, align: 'center', render: (_, r) => r.index + 1 },
    { title: '指标', width: 140, render: (_, r) => r.indicator.name },
    { title: '分值', width: 64, align: 'center', render: (_, r) => r.indicator.maxPoints },
    { title: '考核内容', render: (_, r) => r.indicator.content },
    { title: '评分标准', render: (_, r) => r.indicator.standard },
    { title: '考核方式', width: 88, render: (_, r) => checkMethodLabels[r.indicator.checkMethod] },
    {
      title: '评分主体',
      width: 110,
      render: (_, r) => r.indicator.scoredBy.map((s) => scorerLabels[s]).join('、'),
    },
    { title: '来源', width: 80, render: (_, r) => r.indicator.source ?? '' },
    ...(editable
      ? [
          {
            title: '操作',
            width: 150,
            render: (_: unknown, r: Row) => (
              <Space size={0}>
                <Button
                  size="small"
                  type="link"
                  icon={<EditOutlined />}
                  aria-label={`编辑${r.indicator.name}`}
                  onClick={() => setTarget({ category: r.category, index: r.index })}
                />
                <Button
                  size="small"
                  type="link"
                  icon={<ArrowUpOutlined />}
                  aria-label={`上移${r.indicator.name}`}
                  disabled={r.index === 0}
                  onClick={() => moveIndicator(r, -1)}
                />
                <Button
                  size="small"
                  type="link"
                  icon={<ArrowDownOutlined />}
                  aria-label={`下移${r.indicator.name}`}
                  disabled={r.index === body.categories[r.category]!.indicators.length - 1}
                  onClick={() => moveIndicator(r, 1)}
                />
                <Popconfirm
                  title={
                    body.categories[r.category]!.indicators.length === 1
                      ? `删除指标“${r.indicator.name}”？它是类别“${body.categories[r.category]!.name}”的唯一指标，类别随之删除。`
                      : `删除指标“${r.indicator.name}”？`
                  }
                  okText="删除"
                  okButtonProps={{ danger: true }}
                  cancelText="取消"
                  onConfirm={() => removeIndicator(r)}
                >
                  <Button
                    size="small"
                    type="link"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={`删除${r.indicator.name}`}
                  />
                </Popconfirm>
              </Space>
            ),
          },
        ]
      : []),
  ];
  const errors = importErrors(importFailure);

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }} className="no-print">
        <Segmented
          value={shown}
          onChange={(value) => {
            setAudience(value as Audience);
            setVersion(undefined);
          }}
          options={(summaries.data?.items ?? []).map((s) => ({
            value: s.audience,
            label: schemeAudienceLabels[s.audience],
          }))}
        />
        <Select
          value={scheme.data.version}
          onChange={(v: number) => setVersion(v === scheme.data.versions[0]?.version ? undefined : v)}
          style={{ width: 260 }}
          aria-label="版本"
          data-testid="scheme-version"
          options={scheme.data.versions.map((v) => ({
            value: v.version,
            label: `第${v.version}版 · ${formatDateTime(v.updatedAt)}${v.savedByName ? ` · ${v.savedByName}` : ''}`,
          }))}
        />
        <Button
          icon={<DownloadOutlined />}
          href={schemeExportUrl(cycle.id, shown, version)}
          data-testid="scheme-export"
        >
          导出 Excel
        </Button>
        <Link to={`/cycles/${cycle.id}/schemes/${shown}/print${version ? `?version=${version}` : ''}`}>
          <Button icon={<PrinterOutlined />}>打印</Button>
        </Link>
        {editable && (
          <>
            <Upload
              accept=".xlsx"
              showUploadList={false}
              beforeUpload={(file) => {
                setImportFailure(null);
                upload.runAsync(file).catch(setImportFailure);
                return false;
              }}
            >
              <Button icon={<UploadOutlined />} loading={upload.submitting}>
                导入 Excel
              </Button>
            </Upload>
            <Button
              icon={<PlusOutlined />}
              onClick={() => setTarget({ category: 0, index: null })}
              data-testid="add-indicator"
            >
              新增指标
            </Button>
            <Button icon={<PlusOutlined />} onClick={() => setCategoryIndex(null)}>
              新增类别
            </Button>
          </>
        )}
      </Space>
      {cycle.status !== 'draft' && editable && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title="周期已开始：保存修改将生成新版本，已有版本保留，已计算的得分仍按原版本。"
        />
      )}
      {!scheme.data.latest && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          title={`正在查看第${scheme.data.version}版（历史版本，只读）`}
        />
      )}
      {errors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={errorText(importFailure)}
          description={
            <ul style={{ margin: 0 }}>
              {errors.map((e) => (
                <li key={`${e.row}-${e.column}`}>
                  第 {e.row} 行「{e.column}」：{e.message}
                </li>
              ))}
            </ul>
          }
        />
      )}
      <Typography.Title level={5} style={{ textAlign: 'center' }} data-testid="scheme-title">
        {body.name}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ textAlign: 'center' }} data-testid="scheme-total">
        满分{scheme.data.total}分{body.bonusCap === undefined ? '' : `，加分项合计不超过${body.bonusCap}分`}
      </Typography.Paragraph>
      <Table
        rowKey="key"
        size="small"
        bordered
        columns={columns}
        dataSource={rowsOf(body)}
        pagination={false}
        loading={scheme.isFetching || save.submitting}
        scroll={{ x: 1200 }}
        data-testid="scheme-table"
      />
      <IndicatorFormModal
        body={withNewCategory ?? body}
        target={target}
        saving={save.submitting}
        onSave={put}
        onCancel={() => {
          setTarget(null);
          setWithNewCategory(null);
        }}
      />
      <CategoryModal
        body={body}
        index={categoryIndex}
        saving={save.submitting}
        onSave={saveCategory}
        onCancel={() => setCategoryIndex(undefined)}
      />
    </>
  );
}
