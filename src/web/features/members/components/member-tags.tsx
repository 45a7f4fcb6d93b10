import { Space, Tag } from 'antd';
import { stageLabels, type Stage } from '../../../../domain/member-base.js';
import type { Member } from '../types.js';

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

const flagLabels: [keyof Member, string][] = [
  ['concurrentHead', '一肩挑'],
  ['crossPost', '交叉任职'],
  ['twoCommittees', '两委成员'],
  ['isTownLeader', '乡镇领导'],
  ['isCollegeGradOfficial', '大学生村官'],
  ['isResidentCadre', '驻村干部'],
  ['isFirstSecretary', '第一书记'],
];

const cadreFlags = new Set<keyof Member>(['concurrentHead', 'crossPost', 'twoCommittees']);

/** The identity flags a member carries; 一肩挑 implies 交叉任职 and 两委, so only the strongest shows. */
export function MemberFlagTags({ member }: { member: Member }) {
  const shown = flagLabels.filter(([key]) => member[key] === true);
  const cadre = shown.findIndex(([key]) => cadreFlags.has(key));
  const tags = shown.filter(([key], i) => !cadreFlags.has(key) || i === cadre);
  if (tags.length === 0 && !member.leftOn) return <>—</>;
  return (
    <Space size={4} wrap>
      {tags.map(([key, label]) => (
        <Tag key={key} color="gold">
          {label}
        </Tag>
      ))}
      {member.leftOn && <Tag>已离开（{member.leftReason}）</Tag>}
    </Space>
  );
}
