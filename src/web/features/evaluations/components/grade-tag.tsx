import { Tag } from 'antd';
import type { Grade } from '../../../../domain/results/grades.js';

const gradeColors: Record<Grade, string> = { excellent: 'green', good: 'blue', fair: 'gold', poor: 'red' };

/** 等次 in the words of the cycle's label set, colored best to worst. */
export function GradeTag({ grade, label }: { grade: Grade | null; label: string | null }) {
  if (!grade) return <Tag>无等次</Tag>;
  return (
    <Tag color={gradeColors[grade]} data-testid="grade-tag">
      {label}
    </Tag>
  );
}
