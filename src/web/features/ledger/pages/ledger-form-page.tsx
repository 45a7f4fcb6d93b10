import { ArrowLeftOutlined } from '@ant-design/icons';
import { skipToken, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Card,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Select,
  Skeleton,
  Space,
  Typography,
  type UploadFile,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { ledgerKindDefinitions, ledgerKinds, type LedgerKind } from '../../../../domain/ledger.js';
import { ledgerRecordProblems } from '../../../../domain/ledger-record.js';
import { errorText } from '../../../shared/api-client.js';
import { disableFuture } from '../../../shared/date-values.js';
import { FileUploadList, uploadedFiles, uploadedIds } from '../../../shared/files/file-upload.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { affectedBy, ledgerKeys } from '../../../shared/query-keys.js';
import { useCurrentUser } from '../../../shared/session/auth-context.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { createLedgerRecord, getLedgerRecord, listLedgerMembers, updateLedgerRecord } from '../api/ledger.js';
import { AttendancePicker } from '../components/attendance-picker.js';
import type { AttendanceInput, LedgerRecordDetail } from '../../../../contract/ledger.js';

interface Values {
  orgId: number | null;
  kind: LedgerKind;
  heldOn: Dayjs | null;
  topic: string;
  host: string;
  place: string | null;
  hours: number | null;
  minutes: string | null;
  attendance: AttendanceInput[];
}

const kindOptions = ledgerKinds.map((k) => ({ value: k, label: ledgerKindDefinitions[k].label }));

/** 记录台账 (new) and 修改台账 (edit): one page, laid out for a phone at the meeting. */
export function LedgerFormPage() {
  const { id } = useParams();
  const recordId = Number(id) || null;
  const existing = useQuery({
    queryKey: ledgerKeys.detail(recordId ?? 0),
    queryFn: recordId ? ({ signal }) => getLedgerRecord(recordId, signal) : skipToken,
  });
  if (recordId && !existing.data)
    return existing.error ? (
      <Alert type="error" showIcon message={errorText(existing.error)} />
    ) : (
      <Skeleton active />
    );
  return <LedgerForm record={existing.data ?? null} />;
}

function LedgerForm({ record }: { record: LedgerRecordDetail | null }) {
  const me = useCurrentUser();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  // A secretary records for their own org only; others pick one in their scope.
  const ownOrg = me.role === 'secretary' ? me.orgId : null;
  const [files, setFiles] = useState<UploadFile[]>(uploadedFiles(record?.files ?? []));
  const orgId = Form.useWatch('orgId', form) ?? null;
  const kind = (Form.useWatch('kind', form) ?? 'congress') as LedgerKind;
  const heldOn = Form.useWatch('heldOn', form) as Dayjs | null | undefined;
  const day = heldOn ? heldOn.format('YYYY-MM-DD') : null;
  const definition = ledgerKindDefinitions[kind];

  const members = useQuery({
    queryKey: ledgerKeys.members(orgId ?? 0, day ?? ''),
    queryFn:
      orgId && day && definition.attendance
        ? ({ signal }) => listLedgerMembers(orgId, day, signal)
        : skipToken,
  });
  const memberItems = members.data?.items ?? [];

  useEffect(() => {
    form.setFieldsValue(
      record
        ? {
            orgId: record.orgId,
            kind: record.kind,
            heldOn: dayjs(record.heldOn),
            topic: record.topic,
            host: record.hostName ?? '',
            place: record.place,
            hours: record.hours,
            minutes: record.minutes,
            attendance: record.attendees.map((a) => ({
              memberId: a.memberId,
              present: a.present,
              absenceReason: a.absenceReason,
            })),
          }
        : { orgId: ownOrg, kind: 'congress', heldOn: dayjs(), attendance: [] },
    );
  }, [form, record, ownOrg]);

  const { run, submitting, error } = useSubmit({
    submit: (values: Values) => {
      // The host is the member of that name on the day when there is exactly one, else a name.
      const named = memberItems.filter((m) => m.name === values.host.trim());
      const host =
        named.length === 1
          ? { hostMemberId: named[0]!.id, hostName: null }
          : { hostMemberId: null, hostName: values.host.trim() };
      const body = {
        kind: values.kind,
        heldOn: values.heldOn!.format('YYYY-MM-DD'),
        topic: values.topic,
        ...host,
        place: values.place?.trim() || null,
        minutes: values.minutes?.trim() || null,
        hours: definition.hours ? values.hours : null,
        attendance: definition.attendance
          ? (values.attendance ?? []).filter((a) => memberItems.some((m) => m.id === a.memberId))
          : [],
        fileIds: uploadedIds(files),
      };
      return record
        ? updateLedgerRecord(record.id, body)
        : createLedgerRecord({ ...body, orgId: values.orgId! });
    },
    invalidates: affectedBy.ledger,
    form,
    onSuccess: (saved) => {
      message.success(record ? '台账已保存' : '台账已记录');
      navigate(`/ledger?record=${saved.id}`);
    },
  });

  const uploading = files.some((f) => f.status === 'uploading');
  return (
    <Space direction="vertical" size="middle" className="ledger-form-page">
      <Space>
        <Link to="/ledger">
          <ArrowLeftOutlined /> 工作台账
        </Link>
      </Space>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {record ? '修改台账' : '记录台账'}
      </Typography.Title>
      <Card size="small">
        <Form<Values>
          form={form}
          layout="vertical"
          size="large"
          onFinish={run}
          disabled={submitting}
          data-testid="ledger-form"
        >
          <Form.Item
            label="组织"
            name="orgId"
            rules={[{ required: true, message: '请选择组织' }]}
            hidden={ownOrg !== null}
          >
            <OrgPicker selectedLabel={record?.orgName ?? null} aria-label="台账组织" />
          </Form.Item>
          {ownOrg !== null && (
            <Typography.Paragraph strong data-testid="ledger-own-org">
              {me.orgName}
            </Typography.Paragraph>
          )}
          <Form.Item label="台账类型" name="kind" rules={[{ required: true, message: '请选择台账类型' }]}>
            <Select
              options={kindOptions}
              showSearch
              optionFilterProp="label"
              data-testid="ledger-kind-select"
            />
          </Form.Item>
          <Form.Item label="日期" name="heldOn" rules={[{ required: true, message: '请选择日期' }]}>
            <DatePicker
              disabledDate={disableFuture}
              inputReadOnly
              style={{ width: '100%' }}
              allowClear={false}
            />
          </Form.Item>
          <Form.Item
            label="主题"
            name="topic"
            rules={[
              { required: true, whitespace: true, message: '请输入主题' },
              { max: 200, message: '主题不能超过 200 个字' },
            ]}
          >
            <Input maxLength={200} data-testid="ledger-topic" />
          </Form.Item>
          <Form.Item
            label="主持人"
            name="host"
            rules={[
              { required: true, whitespace: true, message: '请选择或填写主持人' },
              { max: 50, message: '主持人姓名不能超过 50 个字' },
            ]}
            extra="可从本组织当日党员中选择，也可填写上级领导等其他人员姓名"
          >
            <AutoComplete
              options={memberItems.map((m) => ({ value: m.name }))}
              filterOption={(input, option) => String(option?.value ?? '').includes(input)}
              data-testid="ledger-host"
            />
          </Form.Item>
          <Form.Item label="地点" name="place" rules={[{ max: 100, message: '地点不能超过 100 个字' }]}>
            <Input maxLength={100} />
          </Form.Item>
          {definition.hours && (
            <Form.Item
              label="学时"
              name="hours"
              rules={[
                { required: true, message: `请填写${definition.label}的学时` },
                {
                  validator: async (_, value: number | null) => {
                    const problem = ledgerRecordProblems(
                      { kind, heldOn: '1900-01-01', hours: value, hostName: 'x' },
                      '2099-12-31',
                    ).find((p) => p.field === 'hours');
                    if (value !== null && value !== undefined && problem) throw new Error(problem.message);
                  },
                },
              ]}
            >
              <InputNumber
                min={0.1}
                max={200}
                step={0.5}
                precision={1}
                style={{ width: '100%' }}
                suffix="小时"
              />
            </Form.Item>
          )}
          {definition.attendance && (
            <Form.Item
              label="参加人员"
              name="attendance"
              rules={[
                {
                  validator: async (_, value: AttendanceInput[] | undefined) => {
                    if ((value ?? []).some((a) => !a.present && !a.absenceReason?.trim()))
                      throw new Error('缺席人员须填写缺席原因');
                  },
                },
              ]}
            >
              <AttendancePicker
                members={memberItems}
                loading={members.isLoading}
                ready={Boolean(orgId && day)}
              />
            </Form.Item>
          )}
          <Form.Item
            label="会议记录"
            name="minutes"
            rules={[{ max: 20000, message: '会议记录不能超过 20000 字' }]}
          >
            <Input.TextArea autoSize={{ minRows: 3, maxRows: 12 }} maxLength={20000} />
          </Form.Item>
          <Form.Item
            label="照片和附件"
            extra="支持 JPG、PNG、WebP 图片和 PDF、Word、Excel 文件，单个不超过 20 MB"
          >
            <FileUploadList kind="attachment" orgId={orgId} fileList={files} onChange={setFiles} />
          </Form.Item>
          {error && (
            <Alert
              type="error"
              showIcon
              message={error}
              style={{ marginBottom: 16 }}
              data-testid="ledger-form-error"
            />
          )}
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={submitting}
            disabled={uploading}
            data-testid="ledger-save"
          >
            {record ? '保存' : '记录'}
          </Button>
        </Form>
      </Card>
    </Space>
  );
}
