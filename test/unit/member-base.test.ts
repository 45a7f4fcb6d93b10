import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  idCardFacts,
  idCardProblem,
  maskIdCard,
  memberProblems,
  type MemberRuleInput,
  phonePattern,
  stageAgreementProblem,
  termStatusOn,
  type StageDates,
} from '../../src/domain/member-base.js';

const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
/** The check character by the GB 11643 formula, written independently of the implementation. */
function withCheck(first17: string): string {
  const sum = [...first17].reduce((acc, c, i) => acc + Number(c) * weights[i]!, 0);
  return first17 + '10X98765432'.charAt(sum % 11);
}

describe('idCardProblem (GB 11643)', () => {
  it('accepts the standard examples', () => {
    expect(idCardProblem('11010519491231002X')).toBeNull();
    expect(
      idCardProblem('510104198001011234'.slice(0, 17) + withCheck('51010419800101123').slice(-1)),
    ).toBeNull();
  });

  it.each([
    ['', '18位'],
    ['11010519491231002', '18位'],
    ['11010519491231002x', '18位'],
    ['1101051949123100221', '18位'],
    ['11010519491331002X', '出生日期'],
    ['11010519490230002X', '出生日期'],
    ['110105189912310021', '出生日期'],
    ['110105194912310021', '校验位'],
  ])('%s → %s', (value, reason) => {
    expect(idCardProblem(value)).toContain(reason);
  });

  it('accepts exactly the right check character for any valid birth date', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{6}$/),
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2099-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.stringMatching(/^\d{3}$/),
        fc.constantFrom(...'0123456789X'),
        (area, birth, seq, check) => {
          const first17 = area + birth.toISOString().slice(0, 10).replaceAll('-', '') + seq;
          const right = withCheck(first17);
          expect(idCardProblem(right)).toBeNull();
          if (check !== right[17]) expect(idCardProblem(first17 + check)).toContain('校验位');
        },
      ),
    );
  });
});

describe('maskIdCard', () => {
  it('keeps the first and last four characters', () => {
    expect(maskIdCard('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdCard('12345678')).toBe('********');
  });
});

describe('phonePattern', () => {
  const re = new RegExp(phonePattern);
  it.each(['13812345678', '0831-2345678', '010-12345678', '08312345678-12'])('%s is a phone', (p) =>
    expect(re.test(p)).toBe(true),
  );
  it.each(['12812345678', '1381234567', 'abc', '138123456789', '+8613812345678'])('%s is not', (p) =>
    expect(re.test(p)).toBe(false),
  );
});

describe('termStatusOn', () => {
  const today = '2026-06-01';
  it.each([
    [null, null, null],
    ['2026-05-31', null, 'overdue'],
    ['2026-06-01', null, 'expiringSoon'],
    ['2026-08-30', null, 'expiringSoon'],
    ['2026-08-31', null, 'ok'],
    ['2026-05-31', '2026-01-01', null],
    ['2026-05-31', '2026-07-01', 'overdue'],
  ])('ends %s, dissolved %s → %s', (termEndsOn, dissolvedOn, expected) => {
    expect(termStatusOn({ termEndsOn, dissolvedOn }, today)).toBe(expected);
  });
});

describe('stageAgreementProblem', () => {
  const none: StageDates = {
    appliedOn: null,
    activistOn: null,
    candidateOn: null,
    probationaryOn: null,
    fullOn: null,
  };
  const today = '2026-06-01';
  it('accepts a stage without dates, except for members', () => {
    expect(stageAgreementProblem('applicant', none, today)).toBeNull();
    expect(stageAgreementProblem('full', none, today)).toContain('入党日期');
    expect(stageAgreementProblem('probationary', none, today)).toContain('入党日期');
  });
  it('requires the stage the dates give', () => {
    const d = { ...none, appliedOn: '2024-01-01', activistOn: '2024-03-01' };
    expect(stageAgreementProblem('activist', d, today)).toBeNull();
    expect(stageAgreementProblem('candidate', d, today)).toContain('不符');
    expect(
      stageAgreementProblem('probationary', { ...none, probationaryOn: '2026-01-01' }, today),
    ).toBeNull();
    expect(stageAgreementProblem('full', { ...none, fullOn: '2020-01-01' }, today)).toBeNull();
  });
  it('lets a full member omit the conversion date once probation is over', () => {
    expect(stageAgreementProblem('full', { ...none, probationaryOn: '2025-06-01' }, today)).toBeNull();
    expect(stageAgreementProblem('full', { ...none, probationaryOn: '2025-06-02' }, today)).toContain(
      '预备期',
    );
  });
  it('refuses dates after today', () => {
    expect(stageAgreementProblem('applicant', { ...none, appliedOn: '2026-06-02' }, today)).toContain('晚于');
  });
});

describe('memberProblems', () => {
  const today = '2026-06-01';
  const member: MemberRuleInput = {
    stage: 'full',
    gender: 'male',
    birthDate: '1985-03-15',
    idCard: '510231198503151014',
    phone: null,
    appliedOn: '2005-03-01',
    activistOn: '2005-09-01',
    candidateOn: '2006-10-01',
    probationaryOn: '2007-07-01',
    fullOn: '2008-07-01',
    leftOn: null,
    leftReason: null,
  };
  const fields = (m: Partial<MemberRuleInput>) =>
    memberProblems({ ...member, ...m }, today).map((p) => `${p.field}:${p.code}`);

  it('accepts a consistent member', () => {
    expect(memberProblems(member, today)).toEqual([]);
  });

  it('refuses a birth date or gender the ID number contradicts, naming each field', () => {
    const problems = memberProblems({ ...member, gender: 'female', birthDate: '1980-01-01' }, today);
    expect(problems.map((p) => p.field)).toEqual(['gender', 'birthDate']);
    expect(problems[0]!.message).toBe('性别与身份证号码不符（按身份证号码应为男）');
    expect(problems[1]!.message).toBe('出生日期与身份证号码不符（按身份证号码应为 1985-03-15）');
    // An invalid number says nothing about its holder: only the number itself is refused.
    expect(fields({ idCard: '510231198503151015', gender: 'female' })).toEqual([
      'idCard:MEMBER_ID_CARD_INVALID',
    ]);
  });

  it('refuses an application before the 18th birthday and every stage date that follows it', () => {
    expect(fields({ birthDate: '1987-03-02', idCard: null })).toEqual(['appliedOn:MEMBER_UNDER_AGE']);
    expect(fields({ birthDate: '1987-03-01', idCard: null })).toEqual([]);
    // Archive records may lack the early dates: then the first recorded one is held to the rule.
    const admitted2025 = { appliedOn: null, activistOn: null, candidateOn: null, fullOn: null };
    expect(
      fields({
        ...admitted2025,
        stage: 'probationary',
        probationaryOn: '2025-07-01',
        birthDate: '2015-01-01',
        idCard: null,
      }),
    ).toEqual(['probationaryOn:MEMBER_UNDER_AGE']);
    // Without a birth date the ID number's one counts.
    expect(fields({ birthDate: null, idCard: withCheck('51023119900101101') })).toEqual([
      'appliedOn:MEMBER_UNDER_AGE',
    ]);
  });

  it('refuses any stage date after leaving', () => {
    const problems = memberProblems({ ...member, leftOn: '2008-02-22', leftReason: '去世' }, today);
    expect(problems).toEqual([
      {
        field: 'fullOn',
        code: 'MEMBER_LEFT_INVALID',
        message: '转正日期不能晚于离开日期（2008-02-22）：离开后不再发展或转正',
      },
    ]);
    expect(fields({ leftOn: '2008-07-01', leftReason: '去世' })).toEqual([]);
  });

  it('refuses placing a member in a dissolved org, not in one dissolved only later', () => {
    expect(fields({ org: { dissolvedOn: '2026-06-01' } })).toEqual(['orgId:MEMBER_ORG_DISSOLVED']);
    expect(fields({ org: { dissolvedOn: '2026-06-02' } })).toEqual([]);
    expect(fields({ org: { dissolvedOn: null } })).toEqual([]);
  });

  it('reports a stage-date order problem under the later date', () => {
    expect(fields({ activistOn: '2005-01-01' })).toEqual(['activistOn:MEMBER_STAGE_DATES_INVALID']);
  });

  it('agrees with any valid ID number exactly when birth date and gender are the encoded ones', () => {
    const day = fc
      .integer({ min: Date.UTC(1920, 0, 1), max: Date.UTC(2008, 11, 31) })
      .map((ms) => new Date(ms - (ms % 86_400_000)).toISOString().slice(0, 10));
    fc.assert(
      fc.property(
        day,
        fc.integer({ min: 0, max: 999 }),
        day,
        fc.constantFrom('male' as const, 'female' as const),
        (birth, seq, entered, gender) => {
          const idCard = withCheck(`510231${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`);
          expect(idCardProblem(idCard)).toBeNull();
          const encoded = seq % 2 === 1 ? 'male' : 'female';
          expect(idCardFacts(idCard)).toEqual({ birthDate: birth, gender: encoded });
          const got = memberProblems(
            {
              ...member,
              stage: 'applicant',
              appliedOn: null,
              activistOn: null,
              candidateOn: null,
              probationaryOn: null,
              fullOn: null,
              idCard,
              birthDate: entered,
              gender,
            },
            today,
          ).map((p) => p.field);
          expect(got).toEqual([
            ...(gender === encoded ? [] : ['gender']),
            ...(entered === birth ? [] : ['birthDate']),
          ]);
        },
      ),
    );
  });
});
