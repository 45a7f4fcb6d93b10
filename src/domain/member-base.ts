// Vocabulary of the member base (组织与党员基础库) and the pipeline rules that are pure date logic.

import { addDays, addYears } from './dates.js';

export const genders = ['male', 'female'] as const;
export type Gender = (typeof genders)[number];
export const genderLabels: Record<Gender, string> = { male: '男', female: '女' };

/** Ordered from lowest to highest; "senior high or above" is every level from seniorHigh on. */
export const educationLevels = [
  'primary',
  'juniorHigh',
  'seniorHigh',
  'technicalSecondary',
  'juniorCollege',
  'bachelor',
  'master',
  'doctorate',
] as const;
export type Education = (typeof educationLevels)[number];
export const educationLabels: Record<Education, string> = {
  primary: '小学及以下',
  juniorHigh: '初中',
  seniorHigh: '高中',
  technicalSecondary: '中专',
  juniorCollege: '大专',
  bachelor: '大学本科',
  master: '硕士研究生',
  doctorate: '博士研究生',
};
export const isSeniorHighOrAbove = (e: Education | null) => e !== null && educationLevels.indexOf(e) >= 2;
export const isCollegeOrAbove = (e: Education | null) => e !== null && educationLevels.indexOf(e) >= 4;

export const stages = ['applicant', 'activist', 'candidate', 'probationary', 'full'] as const;
export type Stage = (typeof stages)[number];
export const stageLabels: Record<Stage, string> = {
  applicant: '入党申请人',
  activist: '入党积极分子',
  candidate: '发展对象',
  probationary: '预备党员',
  full: '正式党员',
};
/** Party members proper: probationary and full members (the "党员" of every report). */
export const isPartyMember = (s: Stage) => s === 'probationary' || s === 'full';

export const branchRoles = ['secretary', 'deputySecretary', 'committeeMember'] as const;
export type BranchRole = (typeof branchRoles)[number];
export const branchRoleLabels: Record<BranchRole, string> = {
  secretary: '书记',
  deputySecretary: '副书记',
  committeeMember: '支委委员',
};

export const villageCommitteeRoles = ['director', 'deputyDirector', 'committeeMember'] as const;
export type VillageCommitteeRole = (typeof villageCommitteeRoles)[number];
export const villageCommitteeRoleLabels: Record<VillageCommitteeRole, string> = {
  director: '村（居）委会主任',
  deputyDirector: '村（居）委会副主任',
  committeeMember: '村（居）委会委员',
};

export const orgClassifications = ['advanced', 'ordinary', 'weak'] as const;
export type OrgClassification = (typeof orgClassifications)[number];
export const orgClassificationLabels: Record<OrgClassification, string> = {
  advanced: '先进',
  ordinary: '一般',
  weak: '后进（软弱涣散）',
};

export const mobileDirections = ['outflow', 'inflow'] as const;
export type MobileDirection = (typeof mobileDirections)[number];
export const mobileDirectionLabels: Record<MobileDirection, string> = { outflow: '流出', inflow: '流入' };

/** The village leadership facts (两委, 交叉任职, 一肩挑) follow from the two roles a person holds. */
export interface CadreRoles {
  branchRole: BranchRole | null;
  villageCommitteeRole: VillageCommitteeRole | null;
}
export const isTwoCommittees = (m: CadreRoles) => m.branchRole !== null || m.villageCommitteeRole !== null;
export const isCrossPost = (m: CadreRoles) => m.branchRole !== null && m.villageCommitteeRole !== null;
export const isConcurrentHead = (m: CadreRoles) =>
  m.branchRole === 'secretary' && m.villageCommitteeRole === 'director';

/** Whole years between a birth date and a day. */
export function ageOn(birthDate: string, day: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

const stageDateKeys = ['appliedOn', 'activistOn', 'candidateOn', 'probationaryOn', 'fullOn'] as const;

export interface StageDates {
  appliedOn: string | null;
  activistOn: string | null;
  candidateOn: string | null;
  probationaryOn: string | null;
  fullOn: string | null;
}

/** The stage a person had reached on `day`, or null when they had not even applied yet. */
export function stageOn(dates: StageDates, day: string): Stage | null {
  if (dates.fullOn !== null && dates.fullOn <= day) return 'full';
  if (dates.probationaryOn !== null && dates.probationaryOn <= day) return 'probationary';
  if (dates.candidateOn !== null && dates.candidateOn <= day) return 'candidate';
  if (dates.activistOn !== null && dates.activistOn <= day) return 'activist';
  if (dates.appliedOn !== null && dates.appliedOn <= day) return 'applicant';
  return null;
}

/** 入党积极分子 must be trained for at least a year before becoming 发展对象. */
export function candidateEligibleOn(dates: Pick<StageDates, 'activistOn'>): string | null {
  return dates.activistOn === null ? null : addYears(dates.activistOn, 1);
}

type StageDateKey = keyof StageDates;
const stageDateLabels: Record<StageDateKey, string> = {
  appliedOn: '申请入党日期',
  activistOn: '确定为积极分子日期',
  candidateOn: '确定为发展对象日期',
  probationaryOn: '入党日期',
  fullOn: '转正日期',
};

/** The stage date at fault when the dates are inconsistent, with why (Chinese), or null. */
export function stageDatesIssue(dates: StageDates): { field: StageDateKey; message: string } | null {
  let previous: StageDateKey | null = null;
  for (const key of stageDateKeys) {
    const value = dates[key];
    if (value === null) continue;
    if (previous && value < dates[previous]!)
      return { field: key, message: `${stageDateLabels[key]}不能早于${stageDateLabels[previous]}` };
    previous = key;
  }
  if (dates.activistOn && dates.candidateOn && dates.candidateOn < candidateEligibleOn(dates)!) {
    return { field: 'candidateOn', message: '入党积极分子须经过一年以上培养教育才能确定为发展对象' };
  }
  if (dates.probationaryOn && dates.fullOn && dates.fullOn < addYears(dates.probationaryOn, 1)) {
    return { field: 'fullOn', message: '预备期为一年，转正日期不能早于入党满一年' };
  }
  return null;
}

/** Why the stage dates are inconsistent (Chinese), or null when they follow the rules. */
export const stageDatesProblem = (dates: StageDates): string | null =>
  stageDatesIssue(dates)?.message ?? null;

/** Probation lasts a year: conversion (转正) is due on this day. */
export function conversionDueOn(dates: Pick<StageDates, 'probationaryOn'>): string | null {
  return dates.probationaryOn === null ? null : addYears(dates.probationaryOn, 1);
}

const idCardWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const idCardCheckChars = '10X98765432';

/**
 * Why an 18-character resident ID number (GB 11643) is not valid (Chinese), or null: 17 digits, a
 * real birth date, and the ISO 7064 MOD 11-2 check character (X for 10, upper case).
 */
export function idCardProblem(value: string): string | null {
  if (!/^\d{17}[\dX]$/.test(value)) return '身份证号码应为18位，前17位为数字，最后一位为数字或大写X';
  const birth = `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`;
  const date = new Date(`${birth}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== birth || birth < '1900-01-01')
    return '身份证号码中的出生日期无效';
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(value[i]) * idCardWeights[i]!;
  if (idCardCheckChars[sum % 11] !== value[17]) return '身份证号码校验位不正确';
  return null;
}

/** An ID number as shown to readers without member.idCard: the first four and last four characters. */
export function maskIdCard(value: string): string {
  if (value.length <= 8) return '*'.repeat(value.length);
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

/** Mainland mobile numbers (11 digits, 1[3-9]…) or landlines with an area code (0xx-xxxxxxx[-ext]). */
export const phonePattern = '^(1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8}(-\\d{1,6})?)$';

export const termStatuses = ['ok', 'expiringSoon', 'overdue'] as const;
export type TermStatus = (typeof termStatuses)[number];
/** A term ending within this many days calls for 换届 preparations. */
export const termReminderDays = 90;

/**
 * 换届 status of an org's leadership on `today`: overdue once the term has ended, expiringSoon when
 * it ends within 90 days, null when no end is recorded or the org is dissolved.
 */
export function termStatusOn(
  org: { termEndsOn: string | null; dissolvedOn: string | null },
  today: string,
): TermStatus | null {
  if (org.termEndsOn === null) return null;
  if (org.dissolvedOn !== null && org.dissolvedOn <= today) return null;
  if (org.termEndsOn < today) return 'overdue';
  if (org.termEndsOn <= addDays(today, termReminderDays)) return 'expiringSoon';
  return 'ok';
}

/** The stage recorded with dates must be the one the dates give today; why not, in Chinese, or null. */
export function stageAgreementProblem(stage: Stage, dates: StageDates, today: string): string | null {
  const anyDate = Object.values(dates).some((d) => d !== null);
  if (Object.values(dates).some((d) => d !== null && d > today)) return '阶段日期不能晚于今天';
  if (stage === 'probationary' && dates.probationaryOn === null) return '预备党员须填写入党日期';
  if (stage === 'full' && dates.fullOn === null && dates.probationaryOn === null)
    return '正式党员须填写入党日期或转正日期';
  if (!anyDate) return null;
  const derived = stageOn(dates, today);
  // A full member admitted long ago may lack the conversion date: probation must be over, though.
  if (stage === 'full' && derived === 'probationary' && dates.fullOn === null) {
    return conversionDueOn(dates)! <= today ? null : '预备期未满一年，不能登记为正式党员';
  }
  if (derived !== stage)
    return `人员类别“${stageLabels[stage]}”与阶段日期不符（按日期应为“${derived ? stageLabels[derived] : '无'}”）`;
  return null;
}

const phoneRegex = new RegExp(phonePattern);

/** What a valid GB 11643 number says of its holder: the birth date and, by the parity of the 17th digit, the gender. */
export function idCardFacts(value: string): { birthDate: string; gender: Gender } {
  return {
    birthDate: `${value.slice(6, 10)}-${value.slice(10, 12)}-${value.slice(12, 14)}`,
    gender: Number(value[16]) % 2 === 1 ? 'male' : 'female',
  };
}

/** 党章: an applicant is at least 18 years old when applying. */
export const minimumApplicationAge = 18;

/** Why no member may be placed in an org (Chinese): it has been dissolved (撤销) by `today`; or null. */
export function dissolvedOrgProblem(org: { dissolvedOn: string | null }, today: string): string | null {
  return org.dissolvedOn !== null && org.dissolvedOn <= today
    ? `该组织已于 ${org.dissolvedOn} 撤销，不能再有党员编入`
    : null;
}

/** A member as its rules see it: absent values are null; the stage is null when it could not be read. */
export interface MemberRuleInput extends StageDates {
  stage: Stage | null;
  gender: Gender | null;
  birthDate: string | null;
  idCard: string | null;
  phone: string | null;
  leftOn: string | null;
  leftReason: string | null;
  /** The org the member is placed in, when it is being chosen (create, import). */
  org?: { dissolvedOn: string | null } | undefined;
}

export type MemberField =
  'orgId' | 'stage' | 'gender' | 'idCard' | 'phone' | 'birthDate' | StageDateKey | 'leftOn';

export interface MemberProblem {
  /** The field to report it under (the form marks that field, the import names its column). */
  field: MemberField;
  code:
    | 'MEMBER_ORG_DISSOLVED'
    | 'MEMBER_STAGE_DATES_INVALID'
    | 'MEMBER_STAGE_MISMATCH'
    | 'MEMBER_ID_CARD_INVALID'
    | 'MEMBER_ID_CARD_MISMATCH'
    | 'MEMBER_PHONE_INVALID'
    | 'MEMBER_BIRTH_DATE_INVALID'
    | 'MEMBER_UNDER_AGE'
    | 'MEMBER_LEFT_INVALID';
  message: string;
}

/**
 * Every rule a member must satisfy on `today`, for create, update and import alike; the most
 * basic problem first (a single create reports only that one, the import reports them all).
 */
export function memberProblems(m: MemberRuleInput, today: string): MemberProblem[] {
  const problems: MemberProblem[] = [];
  const push = (field: MemberField, code: MemberProblem['code'], message: string) =>
    problems.push({ field, code, message });
  const dissolved = m.org && dissolvedOrgProblem(m.org, today);
  if (dissolved) push('orgId', 'MEMBER_ORG_DISSOLVED', dissolved);
  const dates = Object.fromEntries(stageDateKeys.map((k) => [k, m[k]])) as unknown as StageDates;
  const datesIssue = stageDatesIssue(dates);
  if (datesIssue) push(datesIssue.field, 'MEMBER_STAGE_DATES_INVALID', datesIssue.message);
  else if (m.stage !== null) {
    const agreement = stageAgreementProblem(m.stage, dates, today);
    if (agreement) push('stage', 'MEMBER_STAGE_MISMATCH', agreement);
  }
  const idCard = m.idCard && idCardProblem(m.idCard);
  if (idCard) push('idCard', 'MEMBER_ID_CARD_INVALID', idCard);
  const facts = m.idCard && !idCard ? idCardFacts(m.idCard) : null;
  if (facts && m.gender && m.gender !== facts.gender)
    push(
      'gender',
      'MEMBER_ID_CARD_MISMATCH',
      `性别与身份证号码不符（按身份证号码应为${genderLabels[facts.gender]}）`,
    );
  if (facts && m.birthDate && m.birthDate !== facts.birthDate)
    push(
      'birthDate',
      'MEMBER_ID_CARD_MISMATCH',
      `出生日期与身份证号码不符（按身份证号码应为 ${facts.birthDate}）`,
    );
  if (m.phone && !phoneRegex.test(m.phone))
    push('phone', 'MEMBER_PHONE_INVALID', '应为手机号或带区号的固定电话');
  if (m.birthDate && m.birthDate > today)
    push('birthDate', 'MEMBER_BIRTH_DATE_INVALID', '出生日期不能晚于今天');
  // Every stage starts with the application, so no stage date may come before the 18th birthday.
  const birth = m.birthDate ?? facts?.birthDate;
  const young =
    birth && stageDateKeys.find((k) => m[k] !== null && ageOn(birth, m[k]) < minimumApplicationAge);
  if (young)
    push(
      young,
      'MEMBER_UNDER_AGE',
      `${stageDateLabels[young]}时未满${minimumApplicationAge}周岁（出生日期 ${birth}）：申请入党须年满${minimumApplicationAge}周岁`,
    );
  if (m.leftReason && !m.leftOn) push('leftOn', 'MEMBER_LEFT_INVALID', '填写离开原因时须填写离开日期');
  if (m.leftOn && m.leftOn > today) push('leftOn', 'MEMBER_LEFT_INVALID', '离开日期不能晚于今天');
  const left = m.leftOn;
  const afterLeaving = left && stageDateKeys.find((k) => m[k] !== null && m[k] > left);
  if (afterLeaving)
    push(
      afterLeaving,
      'MEMBER_LEFT_INVALID',
      `${stageDateLabels[afterLeaving]}不能晚于离开日期（${left}）：离开后不再发展或转正`,
    );
  return problems;
}

/** The identity flags a member list can be filtered by (two-committees facts follow from the roles). */
export const memberFlags = [
  'twoCommittees',
  'crossPost',
  'concurrentHead',
  'townLeader',
  'collegeGradOfficial',
  'residentCadre',
  'firstSecretary',
] as const;
export type MemberFlag = (typeof memberFlags)[number];
export const memberFlagLabels: Record<MemberFlag, string> = {
  twoCommittees: '两委成员',
  crossPost: '交叉任职',
  concurrentHead: '一肩挑',
  townLeader: '乡镇领导',
  collegeGradOfficial: '大学生村官',
  residentCadre: '驻村干部',
  firstSecretary: '第一书记',
};
