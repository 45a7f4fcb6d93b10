import { Space, Tag } from 'antd';
import {
  memberFlagLabels,
  stageLabels,
  type MemberFlag,
  type Stage,
} from '../../../../domain/member-base.js';
import type { Member } from '../../../../contract/members.js';

const stageColors: Record<Stage, string> = {
  applicant: 'default',
  activist: 'cyan',
  candidate: 'blue',
  probationary: 'orange',
  full: 'red',
};

export function StageTag({ stage }: { stage: Stage }) {
  return <Tag color={stageColors[stage]}>{stageLabels[stage]}</Tag>;
}

/** Where each flag sits on a member, strongest village-cadre fact first. */
const flagFields: [MemberFlag, keyof Member][] = [
  ['concurrentHead', 'concurrentHead'],
  ['crossPost', 'crossPost'],
  ['twoCommittees', 'twoCommittees'],
  ['townLeader', 'isTownLeader'],
  ['collegeGradOfficial', 'isCollegeGradOfficial'],
  ['residentCadre', 'isResidentCadre'],
  ['firstSecretary', 'isFirstSecretary'],
];

const cadreFlags = new Set<MemberFlag>(['concurrentHead', 'crossPost', 'twoCommittees']);

/** The identity flags a member carries; 一肩挑 implies 交叉任职 and 两委, so only the strongest shows. */
export function MemberFlagTags({ member }: { member: Member }) {
  const shown = flagFields.filter(([, field]) => member[field] === true);
  const cadre = shown.findIndex(([key]) => cadreFlags.has(key));
  const tags = shown.filter(([key], i) => !cadreFlags.has(key) || i === cadre);
  if (tags.length === 0 && !member.leftOn) return <>—</>;
  return (
    <Space size={4} wrap>
      {tags.map(([flag]) => (
        <Tag key={flag} color="gold">
          {memberFlagLabels[flag]}
        </Tag>
      ))}
      {member.leftOn && <Tag>已离开（{member.leftReason}）</Tag>}
    </Space>
  );
}
