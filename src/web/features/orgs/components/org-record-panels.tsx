import { Checkbox, Col, Form, Input, InputNumber, Row, Select, Tag } from 'antd';
import { DateField, PeriodFields, TextField } from '../../../components/form-fields.js';
import { orgClassificationLabels } from '../../../../domain/member-base.js';
import { blankToNull } from '../../../lib/date-values.js';
import { formatDate } from '../../../lib/format.js';
import { nonPublicKinds, orgDomainLabels, type NonPublicKind } from '../../../../domain/org-tree.js';
import type {
  ContactPoint,
  NonPublicEntity,
  Pairing,
  WeakOrgRectification,
} from '../../../../contract/org-records.js';
import { OrgRecordsPanel } from './org-records-panel.js';
import { OrgPicker } from './org-picker.js';

interface PanelProps {
  orgId: number;
  canWrite: boolean;
  onChanged?: () => void;
}

type Values = Record<string, unknown>;
const text = (v: unknown) => blankToNull(v as string | null | undefined);
const period = (r: { startedOn: string | null; endedOn: string | null }) =>
  r.startedOn || r.endedOn
    ? `${formatDate(r.startedOn)} 至 ${r.endedOn ? formatDate(r.endedOn) : '今'}`
    : '—';

const periodKeys = ['startedOn', 'endedOn'] as const;

/** 软弱涣散整顿: when the org was flagged, why, the measures, and when it was transformed. */
export function RectificationsPanel(props: PanelProps) {
  return (
    <OrgRecordsPanel<WeakOrgRectification>
      {...props}
      segment="weak-org-rectifications"
      noun="整顿记录"
      dateKeys={['flaggedOn', 'transformedOn']}
      describe={(r) => `${r.flaggedOn} 认定`}
      emptyText="没有软弱涣散整顿记录"
      toInput={(v) => ({
        flaggedOn: v.flaggedOn,
        reasons: text(v.reasons),
        measures: text(v.measures),
        transformedOn: v.transformedOn,
        ...(v.transformedOn && v.classificationAfter ? { classificationAfter: v.classificationAfter } : {}),
      })}
      columns={[
        { title: '认定日期', dataIndex: 'flaggedOn', width: 110 },
        { title: '主要问题', dataIndex: 'reasons' },
        { title: '整顿措施', dataIndex: 'measures', render: (v: string | null) => v ?? '—' },
        {
          title: '转化情况',
          dataIndex: 'transformedOn',
          width: 140,
          render: (v: string | null) =>
            v ? <Tag color="success">{formatDate(v)} 已转化</Tag> : <Tag color="warning">整顿中</Tag>,
        },
      ]}
      fields={() => (
        <>
          <DateField name="flaggedOn" label="认定日期" past required="请选择认定日期" autoFocus />
          <TextField name="reasons" label="主要问题" max={2000} required area />
          <TextField name="measures" label="整顿措施" max={4000} area />
          <Row gutter={16}>
            <Col xs={24} sm={12}>
              <DateField name="transformedOn" label="转化日期" past extra="整顿完成、验收转化后填写" />
            </Col>
            <Col xs={24} sm={12}>
              <Form.Item label="转化后分类" name="classificationAfter" extra="默认为“一般”">
                <Select
                  allowClear
                  options={(['advanced', 'ordinary'] as const).map((value) => ({
                    value,
                    label: orgClassificationLabels[value],
                  }))}
                />
              </Form.Item>
            </Col>
          </Row>
        </>
      )}
    />
  );
}

/** 联系点: which leader is linked to this org, and since when. */
export function ContactPointsPanel(props: PanelProps) {
  return (
    <OrgRecordsPanel<ContactPoint>
      {...props}
      segment="contact-points"
      noun="联系领导"
      dateKeys={periodKeys}
      describe={(c) => c.leaderName}
      emptyText="没有登记联系领导"
      toInput={(v) => ({
        leaderName: text(v.leaderName),
        leaderTitle: text(v.leaderTitle),
        startedOn: v.startedOn,
        endedOn: v.endedOn,
      })}
      columns={[
        { title: '联系领导', dataIndex: 'leaderName', width: 120 },
        { title: '职务', dataIndex: 'leaderTitle', render: (v: string | null) => v ?? '—' },
        { title: '联系期间', key: 'period', render: (_, r) => period(r) },
      ]}
      fields={() => (
        <>
          <TextField name="leaderName" label="领导姓名" max={50} required autoFocus />
          <TextField name="leaderTitle" label="职务" max={100} />
          <PeriodFields />
        </>
      )}
    />
  );
}

/** 结对共建: a partner org (in the tree or named) and what the pairing does. */
export function PairingsPanel(props: PanelProps) {
  return (
    <OrgRecordsPanel<Pairing>
      {...props}
      segment="pairings"
      noun="结对共建"
      dateKeys={periodKeys}
      describe={(p) => p.partnerName}
      emptyText="没有结对共建记录"
      toInput={(v) => ({
        partnerOrgId: (v.partnerOrgId as number | null | undefined) ?? null,
        ...(text(v.partnerName) ? { partnerName: text(v.partnerName) } : {}),
        content: text(v.content),
        startedOn: v.startedOn,
        endedOn: v.endedOn,
      })}
      columns={[
        { title: '结对单位', dataIndex: 'partnerName' },
        { title: '共建内容', dataIndex: 'content', render: (v: string | null) => v ?? '—' },
        { title: '结对期间', key: 'period', render: (_, r) => period(r) },
      ]}
      fields={(editing) => (
        <>
          <Form.Item label="结对党组织（系统内）" name="partnerOrgId">
            <OrgPicker
              selectedLabel={editing?.partnerName}
              autoFocus
              placeholder="输入名称搜索；系统外单位请在下方填写名称"
            />
          </Form.Item>
          <Form.Item
            label="结对单位名称"
            name="partnerName"
            dependencies={['partnerOrgId']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_, value: string | null) => {
                  if (!getFieldValue('partnerOrgId') && !value?.trim())
                    throw new Error('请选择结对党组织或填写结对单位名称');
                },
              }),
              { max: 100, message: '结对单位名称不能超过 100 个字' },
            ]}
          >
            <Input maxLength={100} placeholder="选择了系统内党组织时可不填" />
          </Form.Item>
          <TextField name="content" label="共建内容" max={2000} area />
          <PeriodFields />
        </>
      )}
    />
  );
}

const kindOptions = nonPublicKinds.map((value) => ({ value, label: orgDomainLabels[value] }));

/** 辖区非公企业和社会组织: the base of the 应建已建率, 覆盖率 and 党建指导员选派率 figures. */
export function NonPublicEntitiesPanel(props: PanelProps) {
  return (
    <OrgRecordsPanel<NonPublicEntity>
      {...props}
      segment="non-public-entities"
      noun="非公企业或社会组织"
      dateKeys={[]}
      defaults={{
        kind: 'privateEnterprise',
        employees: 0,
        partyMembers: 0,
        shouldEstablish: false,
        hasInstructor: false,
      }}
      describe={(e) => e.name}
      emptyText="没有登记辖区非公企业和社会组织"
      toInput={(v: Values) => ({
        name: text(v.name),
        kind: v.kind,
        employees: v.employees ?? 0,
        partyMembers: v.partyMembers ?? 0,
        shouldEstablish: Boolean(v.shouldEstablish),
        hasInstructor: Boolean(v.hasInstructor),
        ownOrgId: (v.ownOrgId as number | null | undefined) ?? null,
        coveredByOrgId: (v.coveredByOrgId as number | null | undefined) ?? null,
      })}
      columns={[
        { title: '名称', dataIndex: 'name' },
        { title: '类型', dataIndex: 'kind', width: 90, render: (k: NonPublicKind) => orgDomainLabels[k] },
        { title: '从业人员', dataIndex: 'employees', width: 90 },
        { title: '党员', dataIndex: 'partyMembers', width: 70 },
        {
          title: '党组织',
          key: 'org',
          width: 120,
          render: (_, e) =>
            e.ownOrgId ? (
              <Tag color="success">单独建立</Tag>
            ) : e.coveredByOrgId ? (
              <Tag color="processing">联合覆盖</Tag>
            ) : e.shouldEstablish ? (
              <Tag color="error">应建未建</Tag>
            ) : (
              <Tag>未覆盖</Tag>
            ),
        },
        {
          title: '党建指导员',
          dataIndex: 'hasInstructor',
          width: 100,
          render: (v: boolean) => (v ? '已选派' : '—'),
        },
      ]}
      fields={() => (
        <>
          <TextField name="name" label="名称" max={100} required autoFocus />
          <Row gutter={16}>
            <Col xs={24} sm={8}>
              <Form.Item label="类型" name="kind" rules={[{ required: true, message: '请选择类型' }]}>
                <Select options={kindOptions} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8}>
              <Form.Item label="从业人员数" name="employees">
                <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={8}>
              <Form.Item label="党员数" name="partyMembers">
                <InputNumber min={0} max={1_000_000} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item label="单独建立的党组织" name="ownOrgId">
            <OrgPicker placeholder="未单独建立则留空" />
          </Form.Item>
          <Form.Item label="联合覆盖的党组织" name="coveredByOrgId">
            <OrgPicker placeholder="未覆盖则留空" />
          </Form.Item>
          <Form.Item name="shouldEstablish" valuePropName="checked" style={{ marginBottom: 4 }}>
            <Checkbox>符合单独建立党组织条件（应建）</Checkbox>
          </Form.Item>
          <Form.Item name="hasInstructor" valuePropName="checked">
            <Checkbox>已选派党建指导员</Checkbox>
          </Form.Item>
        </>
      )}
    />
  );
}
