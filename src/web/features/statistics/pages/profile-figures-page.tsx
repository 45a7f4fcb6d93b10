import { FileTextOutlined } from '@ant-design/icons';
import { keepPreviousData, skipToken, useQuery } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { can } from '../../../../domain/access.js';
import {
  formatProfileValue,
  profileFigureDefinitions,
  profileFigureGroups,
  profileValueProblem,
  profileYearRange,
  type ProfileFigureKind,
} from '../../../../domain/profile-figures.js';
import type { ProfileFigures } from '../../../../contract/profile-figures.js';
import { errorText } from '../../../shared/api-client.js';
import { formatDateTime } from '../../../shared/format.js';
import { OrgPicker } from '../../../shared/orgs/org-picker.js';
import { affectedBy, statisticsKeys } from '../../../shared/query-keys.js';
import { useCurrentUser } from '../../../shared/session/auth-context.js';
import { useStatisticsParams } from '../../../shared/statistics/use-statistics-params.js';
import { useSubmit } from '../../../shared/use-submit.js';
import { getProfileFigures, saveProfileFigures } from '../api/profile-figures.js';

type Values = { values: Partial<Record<ProfileFigureKind, number | null>> };

const thisYear = dayjs().year();
const yearOptions = Array.from({ length: 11 }, (_, i) => thisYear - i).map((y) => ({
  value: y,
  label: `${y}年`,
}));

/** `?orgId=&year=`: the org from the statistics pages' rule (own org, else the first root), this year by default. */
function useProfileParams() {
  const { orgId, hasOrgs } = useStatisticsParams();
  const [search, setSearch] = useSearchParams();
  const asked = Number(search.get('year'));
  const year =
    Number.isInteger(asked) && asked >= profileYearRange.from && asked <= profileYearRange.to
      ? asked
      : thisYear;
  const go = (next: { orgId?: number; year?: number }) => {
    const target = next.orgId ?? orgId;
    setSearch({ ...(target !== null ? { orgId: String(target) } : {}), year: String(next.year ?? year) });
  };
  return { orgId, hasOrgs, year, go };
}

/** 基本情况填报: the yearly figures of an org that no record holds, entered by its secretary or organizer. */
export function ProfileFiguresPage() {
  const user = useCurrentUser();
  const { orgId, hasOrgs, year, go } = useProfileParams();
  const figures = useQuery({
    queryKey: statisticsKeys.profile(orgId ?? 0, year),
    queryFn: orgId === null ? skipToken : ({ signal }) => getProfileFigures({ orgId, year }, signal),
    placeholderData: keepPreviousData,
  });
  const data = figures.data?.org.id === orgId && figures.data.year === year ? figures.data : null;

  if (hasOrgs === false)
    return (
      <Card>
        <Empty description="系统中还没有党组织。" />
      </Card>
    );

  return (
    <div>
      <div className="page-toolbar">
        <div className="toolbar-field" style={{ width: 300 }}>
          <OrgPicker
            aria-label="填报组织"
            value={orgId}
            selectedLabel={data?.org.name ?? null}
            allowClear={false}
            onChange={(id) => id !== null && go({ orgId: id })}
          />
        </div>
        <Select
          className="toolbar-field"
          aria-label="填报年度"
          style={{ width: 120 }}
          value={year}
          options={yearOptions}
          onChange={(y) => go({ year: y })}
        />
        <span className="toolbar-spacer" />
        {orgId !== null && (
          <Link
            to={`/statistics/basics?orgId=${orgId}&asOf=${year === thisYear ? dayjs().format('YYYY-MM-DD') : `${year}-12-31`}`}
          >
            <Button icon={<FileTextOutlined />}>查看基本情况</Button>
          </Link>
        )}
      </div>
      {figures.error ? (
        <Alert type="error" showIcon title={errorText(figures.error)} />
      ) : !data ? (
        <Card>
          <Skeleton active paragraph={{ rows: 6 }} />
        </Card>
      ) : (
        <ProfileFiguresForm
          key={`${data.org.id}:${data.year}`}
          data={data}
          canWrite={can(user.role, 'profile.write')}
        />
      )}
    </div>
  );
}

function ProfileFiguresForm({ data, canWrite }: { data: ProfileFigures; canWrite: boolean }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const fillable = data.items.filter((i) => i.fillable);
  const initial: Values = { values: Object.fromEntries(fillable.map((i) => [i.kind, i.own?.value ?? null])) };

  const save = useSubmit({
    submit: (changed: Values['values']) =>
      saveProfileFigures({ orgId: data.org.id, year: data.year, values: changed }),
    invalidates: affectedBy.profileFigures,
    form,
    onSuccess: () => void message.success(`已保存${data.org.name}${data.year}年的填报数据`),
  });

  // Only what changed is sent: an untouched figure keeps who entered it and when.
  const submit = ({ values }: Values) => {
    const changed = Object.fromEntries(
      fillable
        .map((i) => [i.kind, values[i.kind] ?? null] as const)
        .filter(([kind, value]) => value !== (initial.values[kind] ?? null)),
    );
    if (Object.keys(changed).length === 0) return void message.info('没有需要保存的修改');
    save.run(changed);
  };

  return (
    <Card title={`${data.org.name} ${data.year}年基本情况填报`} data-testid="profile-figures">
      <Typography.Paragraph type="secondary">
        这里填报党员和组织记录中没有的年度数据，保存后写入{data.year}
        年的基本情况段落和表格，并标注“填报”。本级未填报的可累加项目，按下级填报数汇总。
      </Typography.Paragraph>
      {save.error && <Alert type="error" showIcon title={save.error} style={{ marginBottom: 16 }} />}
      {fillable.length === 0 ? (
        <Empty description="本级党组织没有需要填报的项目。" />
      ) : (
        <Form<Values>
          form={form}
          name="profile-figures"
          layout="vertical"
          disabled={!canWrite || save.submitting}
          initialValues={initial}
          onFinish={submit}
        >
          {profileFigureGroups.map((group) => {
            const items = fillable.filter((i) => group.kinds.includes(i.kind));
            if (items.length === 0) return null;
            return (
              <section key={group.label} aria-label={group.label}>
                <Typography.Title level={5}>{group.label}</Typography.Title>
                <Row gutter={16}>
                  {items.map((item) => {
                    const d = profileFigureDefinitions[item.kind];
                    const sum =
                      item.total?.source === 'children'
                        ? formatProfileValue(item.kind, item.total.value)
                        : null;
                    const by = item.own
                      ? `${item.own.updatedByName ?? '—'} 于 ${formatDateTime(item.own.updatedAt)} 填报`
                      : sum
                        ? `未填报时按${item.total!.orgs}个下级组织填报汇总：${sum}`
                        : d.additive
                          ? '未填报'
                          : '未填报（不按下级汇总）';
                    return (
                      <Col xs={24} sm={12} lg={8} key={item.kind}>
                        <Form.Item
                          label={d.label}
                          name={['values', item.kind]}
                          extra={by}
                          rules={[
                            {
                              validator: (_, value: number | null | undefined) => {
                                const problem =
                                  value === null || value === undefined
                                    ? null
                                    : profileValueProblem(item.kind, value, data.org.level);
                                return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
                              },
                            },
                          ]}
                        >
                          {/* No min, max or precision: the input would silently clamp or round what was
                        typed; the rule above says in Chinese what is wrong instead. */}
                          <InputNumber
                            style={{ width: '100%' }}
                            step={d.decimals === 0 ? 1 : 0.01}
                            suffix={d.unit}
                            placeholder={sum ?? undefined}
                            keyboard
                          />
                        </Form.Item>
                      </Col>
                    );
                  })}
                </Row>
              </section>
            );
          })}
          {canWrite && (
            <Button type="primary" htmlType="submit" loading={save.submitting}>
              保存
            </Button>
          )}
        </Form>
      )}
    </Card>
  );
}
