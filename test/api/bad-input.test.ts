import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminPassword, createTestContext, type Session, type TestContext } from '../helpers/test-app.js';
import { testDriver } from '../helpers/test-db.js';
import { chinese, createOrg, createUser, dumpDb, expectApiError, expectStatus } from './support/fixtures.js';
import { registeredRoutes } from './support/routes.js';
import { branchTemplate } from '../../src/domain/scheme-templates.js';

vi.mock('fastify', async (importOriginal) =>
  (await import('./support/routes.js')).collectRoutes(await importOriginal()),
);

/*
 * Bad input of every kind, on every route that takes input: each answer is a 4xx with
 * `{code, message}` in Chinese, never a 5xx, and no table changes.
 */

type Body = Record<string, unknown>;

interface InputRoute {
  method: 'POST' | 'PATCH' | 'PUT';
  url: () => string;
  anonymous?: boolean;
  /** A body that passes validation; never sent as is (some would change the signed-in session). */
  valid: () => Body;
  strings: string[];
  integers: string[];
  booleans?: string[];
  required: string[];
  /** Values outside a field's rules, by field. */
  outOfRange: Record<string, unknown[]>;
}

const tooLong = (n: number) => '长'.repeat(n);
const nul = 'a\u0000b';

describe(`bad input (${testDriver})`, () => {
  let t: TestContext;
  let county: number;
  let town: number;
  let viewer: number;
  let branch: number;
  let member: number;
  let mobileRecord: number;
  let ledgerRecord: number;
  let cycle: number;
  let letter: number;
  let spotCheck: number;
  let problem: number;
  let problemMeasure: number;
  let report: number;
  let meeting: number;
  const item: Record<string, number> = {};
  const orgRecords: Record<string, { create: Body; update: Body }> = {
    'weak-org-rectifications': {
      create: { flaggedOn: '2025-01-01', reasons: '组织软弱', measures: '整顿', transformedOn: null },
      update: { measures: '整顿', transformedOn: '2025-06-01', classificationAfter: 'ordinary' },
    },
    'contact-points': {
      create: { leaderName: '王县长', leaderTitle: '副县长', startedOn: '2025-01-01', endedOn: null },
      update: { leaderName: '李县长', leaderTitle: '县长', startedOn: '2025-01-01', endedOn: '2025-12-31' },
    },
    pairings: {
      create: { partnerName: '县供电公司党支部', content: '共建', startedOn: '2025-01-01' },
      update: { partnerName: '县水务公司党支部', content: '共建', endedOn: '2025-12-31' },
    },
    'non-public-entities': {
      create: {
        name: '某某公司',
        kind: 'privateEnterprise',
        employees: 10,
        partyMembers: 1,
        hasInstructor: true,
      },
      update: { name: '某某公司', kind: 'socialOrg', employees: 10, partyMembers: 1, shouldEstablish: false },
    },
  };

  beforeAll(async () => {
    t = await createTestContext();
    county = (await createOrg(t, null, '输入县委', 'county')).id;
    town = (await createOrg(t, county, '输入镇党委', 'committee')).id;
    branch = (await createOrg(t, town, '输入村党支部', 'branch')).id;
    viewer = (await createUser(t, 'inputviewer', 'viewer', town)).id;
    const created = await t.request(t.admin, 'POST', '/api/members', {
      orgId: branch,
      name: '输入党员',
      gender: 'male',
      stage: 'full',
      probationaryOn: '2010-01-01',
      fullOn: '2011-01-01',
    });
    member = expectStatus(created, 201).json().id;
    const record = await t.request(t.admin, 'POST', `/api/members/${member}/mobile-records`, {
      direction: 'outflow',
      place: '广州',
      startedOn: '2025-01-01',
    });
    mobileRecord = expectStatus(record, 201).json().id;
    ledgerRecord = expectStatus(await t.request(t.admin, 'POST', '/api/ledger', ledgerValid()), 201).json()
      .id;
    const created2 = await t.request(t.admin, 'POST', '/api/cycles', {
      orgId: town,
      kind: 'annual',
      year: 2026,
      schemes: { template: true },
    });
    cycle = expectStatus(created2, 201).json().id;
    // The branch reports (it has no domain, so only a rule by level picks it): a letter and a spot check of it.
    const everyBranch = { depth: 'subtree', levels: ['branch'], domains: [], include: [], exclude: [] };
    expectStatus(await t.request(t.admin, 'PUT', `/api/cycles/${cycle}/reporting-set`, everyBranch), 200);
    expectStatus(await t.request(t.admin, 'POST', '/api/target-letters', { cycleId: cycle }), 201);
    const letters = expectStatus(
      await t.request(t.admin, 'GET', `/api/target-letters?cycleId=${cycle}`),
      200,
    );
    letter = letters.json().items[0].letter.id;
    report = expectStatus(
      await t.request(t.admin, 'POST', '/api/reports', { cycleId: cycle, orgId: branch }),
      201,
    ).json().id;
    meeting = expectStatus(
      await t.request(t.admin, 'POST', '/api/meetings', {
        cycleId: cycle,
        name: '输入评议会',
        heldOn: '2027-01-12',
      }),
      201,
    ).json().id;
    const drawn = await t.request(t.admin, 'POST', '/api/spot-checks', { cycleId: cycle, size: 1, seed: 7 });
    spotCheck = expectStatus(drawn, 201).json().items[0].checks[0].id;
    problem = expectStatus(
      await t.request(t.admin, 'POST', '/api/problems', { ...inspection(), cycleId: cycle }),
      201,
    ).json().id;
    problemMeasure = expectStatus(
      await t.request(t.admin, 'POST', `/api/problems/${problem}/measures`, measure()),
      201,
    ).json().id;
    for (const [segment, bodies] of Object.entries(orgRecords))
      item[segment] = expectStatus(
        await t.request(t.admin, 'POST', `/api/orgs/${town}/${segment}`, bodies.create),
        201,
      ).json().id;
  });
  afterAll(() => t?.close());

  const idOutOfRange = [0, -1, 1.5, 2_147_483_648, 1e300, '1', true];
  const inspection = () => ({
    orgId: branch,
    ref: { source: 'inspection' },
    text: '输入督导问题',
    category: 'other',
    severity: 'low',
    deadline: '2026-09-30',
  });
  const measure = () => ({
    text: '输入整改措施',
    ownerUserId: viewer,
    responsibleOrgId: branch,
    deadline: '2026-08-31',
    milestones: [{ text: '节点', due: '2026-07-31', doneOn: null }],
  });

  const date = ['2025-02-30', '2025/01/01', 'yesterday', ''];
  const memberValid = (): Body => ({
    name: '输入党员',
    gender: 'female',
    ethnicity: '汉族',
    birthDate: '1980-01-01',
    education: 'bachelor',
    idCard: '11010519491231002X',
    phone: '13812345678',
    occupation: '农民',
    stage: 'full',
    appliedOn: null,
    activistOn: null,
    candidateOn: null,
    probationaryOn: '2010-01-01',
    fullOn: '2011-01-01',
    branchRole: 'secretary',
    villageCommitteeRole: 'director',
    isTownLeader: false,
    isCollegeGradOfficial: false,
    isResidentCadre: false,
    isFirstSecretary: false,
  });
  const memberStrings = [
    'name',
    'ethnicity',
    'birthDate',
    'education',
    'idCard',
    'phone',
    'occupation',
    'appliedOn',
    'activistOn',
    'candidateOn',
    'probationaryOn',
    'fullOn',
    'branchRole',
    'villageCommitteeRole',
  ];
  const memberBooleans = ['isTownLeader', 'isCollegeGradOfficial', 'isResidentCadre', 'isFirstSecretary'];
  const memberOutOfRange: Record<string, unknown[]> = {
    name: ['', '   ', tooLong(51), nul],
    gender: ['m', '男', ''],
    ethnicity: ['', tooLong(21), nul],
    birthDate: date,
    education: ['college', ''],
    idCard: ['123', '11010519491231002', '1101051949123100201', nul],
    phone: ['12345', '+8613812345678', '138-1234-5678', ''],
    occupation: ['', tooLong(51)],
    stage: ['member', ''],
    appliedOn: date,
    activistOn: date,
    candidateOn: date,
    probationaryOn: date,
    fullOn: date,
    branchRole: ['leader', ''],
    villageCommitteeRole: ['mayor', ''],
  };
  const mobileValid = (): Body => ({
    direction: 'outflow',
    place: '广东省深圳市',
    certificateNo: 'LD001',
    hostOrgName: '某党支部',
    contactName: '陈主任',
    contactPhone: '13812345678',
    startedOn: '2025-01-01',
    endedOn: null,
  });
  const mobileStrings = [
    'direction',
    'place',
    'certificateNo',
    'hostOrgName',
    'contactName',
    'contactPhone',
    'startedOn',
    'endedOn',
  ];
  const mobileOutOfRange: Record<string, unknown[]> = {
    direction: ['in', ''],
    place: ['', '   ', tooLong(101), nul],
    certificateNo: ['', tooLong(51)],
    hostOrgName: ['', tooLong(101)],
    contactName: ['', tooLong(51)],
    contactPhone: ['123', ''],
    startedOn: date,
    endedOn: date,
  };

  const reportBody = () => ({
    title: '述职报告',
    sections: [{ kind: 'highlights', title: '履职工作特色和亮点', text: '坚持每月开展主题党日。' }],
    problems: [],
    plans: [],
  });
  const letterItem = () => ({
    indicatorKey: null,
    label: '发展党员',
    target: 1,
    unit: '名',
    progress: { kind: 'entered', value: null },
  });
  const finding = () => ({ indicatorKey: 'b-plan', points: 0.5, reason: '计划未备案' });

  const ledgerValid = (): Body => ({
    orgId: branch,
    kind: 'congress',
    heldOn: '2025-01-01',
    topic: '学习党章',
    hostName: '王书记',
    place: '村委会议室',
    minutes: '一、学习\n二、讨论',
    attendance: [{ memberId: member, present: true }],
  });
  const ledgerStrings = ['kind', 'heldOn', 'topic', 'hostName', 'place', 'minutes'];
  const ledgerOutOfRange: Record<string, unknown[]> = {
    kind: ['meeting', ''],
    heldOn: date,
    topic: ['', '   ', tooLong(201), nul],
    hostName: ['', tooLong(51)],
    place: ['', tooLong(101)],
    minutes: ['', tooLong(20_001)],
    hours: [0, -1, 0.05, 201, '2', 2],
    attendance: [
      'x',
      [{ memberId: 0, present: true }],
      [{ memberId: 1 }],
      [{ memberId: 1, present: 'yes' }],
      [{ memberId: 1, present: false }],
    ],
    fileIds: ['x', [0], [1, 1]],
  };

  function orgRecordRoute(segment: string, method: 'POST' | 'PATCH'): InputRoute {
    const body = () => ({ ...orgRecords[segment]![method === 'POST' ? 'create' : 'update'] });
    const fields = Object.keys(body());
    const isInt = (f: string) =>
      ['employees', 'partyMembers', 'partnerOrgId', 'ownOrgId', 'coveredByOrgId'].includes(f);
    const isBool = (f: string) => ['shouldEstablish', 'hasInstructor'].includes(f);
    const required: Record<string, string[]> = {
      'weak-org-rectifications': ['flaggedOn', 'reasons'],
      'contact-points': ['leaderName'],
      pairings: [],
      'non-public-entities': ['name', 'kind'],
    };
    const outOfRange: Record<string, unknown[]> = {
      flaggedOn: date,
      transformedOn: date,
      startedOn: date,
      endedOn: date,
      reasons: ['', '   ', tooLong(2001), nul],
      measures: ['', tooLong(4001)],
      classificationAfter: ['weak', ''],
      leaderName: ['', '   ', tooLong(51), nul],
      leaderTitle: ['', tooLong(101)],
      partnerName: ['', tooLong(101), nul],
      content: ['', tooLong(2001)],
      name: ['', '   ', tooLong(101), nul],
      kind: ['company', ''],
      employees: [-1, 1_000_001, 0.5, null],
      partyMembers: [-1, 1_000_001, null],
    };
    return {
      method,
      url: () =>
        method === 'POST' ? `/api/orgs/${town}/${segment}` : `/api/orgs/${town}/${segment}/${item[segment]}`,
      valid: body,
      strings: fields.filter((f) => !isInt(f) && !isBool(f)),
      integers: fields.filter(isInt),
      booleans: fields.filter(isBool),
      required: method === 'POST' ? required[segment]! : [],
      outOfRange: Object.fromEntries(fields.filter((f) => f in outOfRange).map((f) => [f, outOfRange[f]!])),
    };
  }

  const routes: Record<string, InputRoute> = {
    'POST /api/auth/login': {
      method: 'POST',
      url: () => '/api/auth/login',
      anonymous: true,
      valid: () => ({ username: 'admin', password: 'Wrong-Pass-2026!' }),
      strings: ['username', 'password'],
      integers: [],
      required: ['username', 'password'],
      outOfRange: { username: ['', tooLong(65), nul], password: ['', tooLong(257), nul] },
    },
    'POST /api/auth/password': {
      method: 'POST',
      url: () => '/api/auth/password',
      valid: () => ({ currentPassword: adminPassword, newPassword: 'Another-Pass-2026!' }),
      strings: ['currentPassword', 'newPassword'],
      integers: [],
      required: ['currentPassword', 'newPassword'],
      outOfRange: {
        currentPassword: ['', tooLong(257)],
        newPassword: ['', tooLong(257), `Aa1!${nul}xxxxxx`],
      },
    },
    'POST /api/orgs': {
      method: 'POST',
      url: () => '/api/orgs',
      valid: () => ({ parentId: town, name: '新党支部', level: 'branch', domain: 'village', sortOrder: 1 }),
      strings: ['name', 'level', 'domain'],
      integers: ['parentId', 'sortOrder'],
      required: ['parentId', 'name', 'level'],
      outOfRange: {
        parentId: idOutOfRange,
        name: ['', '   ', '\t\n', tooLong(101), nul],
        level: ['province', 'Branch', '', null],
        domain: ['farm', ''],
        sortOrder: [-1, 1_000_001, 0.5, null],
      },
    },
    'PATCH /api/orgs/:id': {
      method: 'PATCH',
      url: () => `/api/orgs/${town}`,
      valid: () => ({ name: '改名镇党委', level: 'committee', domain: 'village', sortOrder: 1 }),
      strings: ['name', 'level', 'domain'],
      integers: ['sortOrder'],
      required: [],
      outOfRange: {
        name: ['', '   ', tooLong(101), nul, null],
        level: ['province', null],
        domain: ['farm'],
        sortOrder: [-1, 1_000_001, null],
        secretaryName: ['', '   ', tooLong(51), nul],
        termEndsOn: ['2025-02-30', 'soon', ''],
        classification: ['bad', ''],
        hasServiceCenter: [null, 'true', 1],
      },
    },
    'POST /api/orgs/:id/move': {
      method: 'POST',
      url: () => `/api/orgs/${town}/move`,
      valid: () => ({ parentId: county }),
      strings: [],
      integers: ['parentId'],
      required: ['parentId'],
      outOfRange: { parentId: [...idOutOfRange, null] },
    },
    'POST /api/users': {
      method: 'POST',
      url: () => '/api/users',
      valid: () => ({
        username: 'newuser',
        displayName: '新用户',
        role: 'viewer',
        orgId: town,
        password: 'Good-Pass-2026!',
      }),
      strings: ['username', 'displayName', 'role', 'password'],
      integers: ['orgId'],
      required: ['username', 'displayName', 'role', 'orgId'],
      outOfRange: {
        username: ['ab', 'a b', 'a'.repeat(33), '张三丰', 'user\u0000x', ''],
        displayName: ['', '   ', tooLong(51), nul],
        role: ['root', 'Admin', ''],
        orgId: idOutOfRange,
        password: ['', tooLong(129), `Good-Pass-2026!${nul}`],
      },
    },
    'PATCH /api/users/:id': {
      method: 'PATCH',
      url: () => `/api/users/${viewer}`,
      valid: () => ({ displayName: '改名', role: 'checker', orgId: town, disabled: false }),
      strings: ['displayName', 'role'],
      integers: ['orgId'],
      booleans: ['disabled'],
      required: [],
      outOfRange: {
        displayName: ['', '   ', tooLong(51), nul, null],
        role: ['root', null],
        orgId: idOutOfRange,
        disabled: [null, 'false', 0],
      },
    },

    'PUT /api/profile-figures': {
      method: 'PUT',
      url: () => '/api/profile-figures',
      valid: () => ({ orgId: town, year: 2025, values: { population: 1000 } }),
      strings: [],
      integers: ['orgId', 'year'],
      required: ['orgId', 'year', 'values'],
      outOfRange: {
        orgId: idOutOfRange,
        year: [1999, 2100, 2025.5, null],
        values: [{}, { acreage: 1 }, { population: -1 }, { population: 1.5 }, { population: '1000' }, null],
      },
    },
    'POST /api/members': {
      method: 'POST',
      url: () => '/api/members',
      valid: () => ({ ...memberValid(), orgId: branch }),
      strings: [...memberStrings, 'gender', 'stage'],
      integers: ['orgId'],
      booleans: memberBooleans,
      required: ['orgId', 'name', 'gender', 'stage'],
      outOfRange: { ...memberOutOfRange, orgId: idOutOfRange },
    },
    'PATCH /api/members/:id': {
      method: 'PATCH',
      url: () => `/api/members/${member}`,
      valid: () => ({ ...memberValid(), leftOn: null, leftReason: null }),
      strings: [...memberStrings, 'gender', 'stage', 'leftOn', 'leftReason'],
      integers: [],
      booleans: memberBooleans,
      required: [],
      outOfRange: {
        ...memberOutOfRange,
        name: ['', '   ', tooLong(51), nul, null],
        gender: ['m', null],
        stage: ['member', null],
        leftOn: ['2025-02-30', 'today'],
        leftReason: ['', tooLong(201), nul],
      },
    },
    'POST /api/members/:id/transfer': {
      method: 'POST',
      url: () => `/api/members/${member}/transfer`,
      valid: () => ({ toOrgId: town, transferredOn: '2025-01-01', note: '调动' }),
      strings: ['transferredOn', 'note'],
      integers: ['toOrgId'],
      required: ['toOrgId', 'transferredOn'],
      outOfRange: {
        toOrgId: [...idOutOfRange, null],
        transferredOn: ['2025-02-30', '2025/01/01', '', null],
        note: ['', tooLong(201), nul],
      },
    },
    'POST /api/members/:id/mobile-records': {
      method: 'POST',
      url: () => `/api/members/${member}/mobile-records`,
      valid: mobileValid,
      strings: mobileStrings,
      integers: [],
      required: ['direction', 'place', 'startedOn'],
      outOfRange: mobileOutOfRange,
    },
    'PATCH /api/mobile-records/:id': {
      method: 'PATCH',
      url: () => `/api/mobile-records/${mobileRecord}`,
      valid: mobileValid,
      strings: mobileStrings,
      integers: [],
      required: [],
      outOfRange: { ...mobileOutOfRange, direction: ['in', null], place: ['', nul, null] },
    },
    'POST /api/ledger': {
      method: 'POST',
      url: () => '/api/ledger',
      valid: ledgerValid,
      strings: ledgerStrings,
      integers: ['orgId'],
      required: ['orgId', 'kind', 'heldOn', 'topic'],
      outOfRange: { ...ledgerOutOfRange, orgId: idOutOfRange },
    },
    'PATCH /api/ledger/:id': {
      method: 'PATCH',
      url: () => `/api/ledger/${ledgerRecord}`,
      valid: () => {
        const { orgId: _org, ...rest } = ledgerValid();
        return rest;
      },
      strings: ledgerStrings,
      integers: [],
      required: [],
      outOfRange: { ...ledgerOutOfRange, topic: ['', tooLong(201), nul, null], kind: ['meeting', null] },
    },
    ...Object.fromEntries(
      Object.keys(orgRecords).flatMap((segment) => [
        [`POST /api/orgs/:id/${segment}`, orgRecordRoute(segment, 'POST')],
        [`PATCH /api/orgs/:id/${segment}/:recordId`, orgRecordRoute(segment, 'PATCH')],
      ]),
    ),
    'POST /api/cycles': {
      method: 'POST',
      url: () => '/api/cycles',
      valid: () => ({
        orgId: town,
        kind: 'quarterly',
        year: 2027,
        part: 1,
        name: '输入考核周期',
        stages: { schemeIssuedOn: '2027-01-05' },
        schemes: { template: true },
      }),
      strings: ['kind', 'name'],
      integers: ['orgId', 'year', 'part'],
      required: ['orgId', 'kind', 'year'],
      outOfRange: {
        orgId: idOutOfRange,
        kind: ['yearly', '', null],
        year: [1999, 2098, 2026.5],
        part: [0, 5, 1.5],
        name: ['', tooLong(101), nul],
        stages: [
          { schemeIssuedOn: '2027-02-30' },
          { reviewMeetingOn: '2026-01-01' },
          { other: '2027-01-01' },
        ],
        schemes: [{ template: false }, { copyFromCycleId: 0 }, {}, 'template'],
      },
    },
    'PATCH /api/cycles/:id': {
      method: 'PATCH',
      url: () => `/api/cycles/${cycle}`,
      valid: () => ({ name: '输入周期改名', stages: { reportsDueOn: '2026-12-20' } }),
      strings: ['name'],
      integers: [],
      required: [],
      outOfRange: {
        name: ['', tooLong(101), nul, null],
        stages: [{ reportsDueOn: '2025-01-01' }, { x: '2026-01-01' }, null, { reportsDueOn: '2026-13-01' }],
      },
    },
    'POST /api/cycles/:id/status': {
      method: 'POST',
      url: () => `/api/cycles/${cycle}/status`,
      valid: () => ({ status: 'open' }),
      strings: ['status'],
      integers: [],
      required: ['status'],
      outOfRange: { status: ['draft', '', null, 'OPEN'] },
    },
    'POST /api/cycles/:id/reopen': {
      method: 'POST',
      url: () => `/api/cycles/${cycle}/reopen`,
      valid: () => ({ reason: '复核得分' }),
      strings: ['reason'],
      integers: [],
      required: ['reason'],
      outOfRange: { reason: ['', '  ', 'a', tooLong(501), null] },
    },
    'PUT /api/cycles/:id/reporting-set': {
      method: 'PUT',
      url: () => `/api/cycles/${cycle}/reporting-set`,
      valid: () => ({ depth: 'subtree', levels: ['branch'], domains: ['village'], include: [], exclude: [] }),
      strings: ['depth'],
      integers: [],
      required: ['depth', 'levels', 'domains', 'include', 'exclude'],
      outOfRange: {
        depth: ['all', ''],
        levels: [['town'], 'branch', ['branch', 'branch']],
        domains: [['farm'], [null]],
        include: [[0], [1.5], [999999], ['1']],
        exclude: [[-1], [999999]],
      },
    },
    'PUT /api/cycles/:id/problem-threshold': {
      method: 'PUT',
      url: () => `/api/cycles/${cycle}/problem-threshold`,
      valid: () => ({ appraisalPoorShare: 0.4 }),
      strings: [],
      integers: [],
      required: ['appraisalPoorShare'],
      outOfRange: { appraisalPoorShare: [0, 1, -0.5, 1.5, '0.5', null] },
    },
    'PUT /api/cycles/:id/schemes/:audience': {
      method: 'PUT',
      url: () => `/api/cycles/${cycle}/schemes/branch`,
      valid: () => structuredClone(branchTemplate) as unknown as Body,
      strings: ['name', 'audience'],
      integers: [],
      required: ['name', 'audience', 'categories'],
      outOfRange: {
        name: ['', tooLong(101)],
        audience: ['town', 'committee'],
        categories: [[], [{}], 'x'],
        bonusCap: [-1, 1001, '5'],
      },
    },
    'POST /api/target-letters': {
      method: 'POST',
      url: () => '/api/target-letters',
      valid: () => ({ cycleId: cycle, orgIds: [branch] }),
      strings: [],
      integers: ['cycleId'],
      required: ['cycleId'],
      outOfRange: { cycleId: idOutOfRange, orgIds: [[], [0], [1, 1], 'x', [999999]] },
    },
    'POST /api/meetings': {
      method: 'POST',
      url: () => '/api/meetings',
      valid: () => ({ cycleId: cycle, name: '输入评议会', heldOn: '2027-01-12', venue: '会议室' }),
      strings: ['name', 'venue', 'kind'],
      integers: ['cycleId'],
      required: ['cycleId', 'name', 'heldOn'],
      outOfRange: {
        cycleId: idOutOfRange,
        kind: ['', 'survey'],
        name: ['', '   ', tooLong(101)],
        heldOn: ['2027-02-30', 'x'],
        venue: [tooLong(101)],
      },
    },
    'PUT /api/meetings/:id': {
      method: 'PUT',
      url: () => `/api/meetings/${meeting}`,
      valid: () => ({
        name: '输入评议会',
        heldOn: '2027-01-12',
        venue: '会议室',
        items: [{ key: 'overall', label: '总体评价' }],
        categories: [{ key: 'superiors', label: '上级班子成员', weight: 40 }],
        rules: { allowAbstain: false, minBallots: 1 },
        reporters: [{ orgId: branch, mode: 'onStage' }],
      }),
      strings: ['name', 'venue'],
      integers: [],
      required: ['name', 'heldOn', 'venue', 'items', 'categories', 'rules', 'reporters'],
      outOfRange: {
        items: ['x', [], [{ key: '总体', label: '总体评价' }], [{ key: 'a', label: '' }]],
        categories: [[], [{ key: 'a', label: '类别', weight: -1 }], [{ key: 'a', label: '类别' }]],
        rules: [
          { allowAbstain: 'no', minBallots: 1 },
          { allowAbstain: true, minBallots: 0 },
          {},
          { allowAbstain: true, minBallots: 1, votingMode: 'each' },
        ],
        reporters: [
          [],
          [{ orgId: 0, mode: 'onStage' }],
          [{ orgId: 1, mode: 'stage' }],
          [{ orgId: 2_000_000_000, mode: 'onStage' }],
        ],
      },
    },
    'POST /api/meetings/:id/codes': {
      method: 'POST',
      url: () => `/api/meetings/${meeting}/codes`,
      valid: () => ({ category: 'superiors', count: 2, rehearsal: false }),
      strings: ['category'],
      integers: ['count', 'orgId'],
      booleans: ['rehearsal'],
      required: ['category', 'count'],
      // A 述职评议会's codes are for no org: any orgId is refused.
      outOfRange: {
        category: ['', '上级', 'nobody'],
        count: [0, 501, -1, 1.5],
        orgId: [...idOutOfRange, 1],
      },
    },
    'POST /api/meetings/:id/voting': {
      method: 'POST',
      url: () => `/api/meetings/${meeting}/voting`,
      valid: () => ({ action: 'open' }),
      strings: ['action'],
      integers: ['orgId'],
      required: ['action'],
      outOfRange: { action: ['', 'start'], orgId: idOutOfRange },
    },
    'POST /api/meetings/:id/paper-ballots': {
      method: 'POST',
      url: () => `/api/meetings/${meeting}/paper-ballots`,
      valid: () => ({ serial: 1, choices: { [branch]: { overall: 'good' } } }),
      strings: [],
      integers: ['serial'],
      required: ['serial', 'choices'],
      outOfRange: {
        serial: idOutOfRange,
        choices: ['x', { a: {} }, { 1: { overall: 'best' } }, { 1: 'x' }],
      },
    },
    'PUT /api/meetings/:id/paper-ballots/:serial': {
      method: 'PUT',
      url: () => `/api/meetings/${meeting}/paper-ballots/1`,
      valid: () => ({ choices: { [branch]: { overall: 'good' } } }),
      strings: [],
      integers: [],
      required: ['choices'],
      outOfRange: { choices: ['x', { a: {} }, { 1: { overall: 'best' } }, { 1: 'x' }] },
    },
    'POST /api/ballot/:code': {
      method: 'POST',
      url: () => '/api/ballot/AAAA-BBBB-CCCC',
      anonymous: true,
      valid: () => ({ submissionId: 'f6d0a1c4-1b9e-4f55-9a62-0d6c6c1f3a11', choices: {} }),
      strings: ['submissionId', 'comment'],
      integers: [],
      required: ['submissionId', 'choices'],
      outOfRange: {
        submissionId: ['', 'x', tooLong(37)],
        choices: ['x', { a: {} }, { 1: { overall: 'best' } }, { 1: 'x' }, { 1: { overall: 4 } }],
        comment: [tooLong(201)],
      },
    },
    'PUT /api/leader-reviews/:meetingId/:orgId': {
      method: 'PUT',
      url: () => `/api/leader-reviews/${meeting}/${branch}`,
      valid: () => ({ scores: { overall: 90 }, critique: '点评' }),
      strings: ['critique'],
      integers: [],
      required: ['scores', 'critique'],
      outOfRange: {
        scores: ['x', { overall: -1 }, { overall: 101 }, { overall: '90' }, { [tooLong(41)]: 90 }],
        critique: [tooLong(2001)],
      },
    },
    'PUT /api/evaluations/:cycleId/settings': {
      method: 'PUT',
      url: () => `/api/evaluations/${cycle}/settings`,
      valid: () => ({
        config: {
          components: [{ key: 'leader', label: '述职评议', weight: 100, max: 100 }],
          thresholds: [{ grade: 'excellent', minScore: 90 }],
          floors: [],
          quotas: [],
          vetoGrade: 'poor',
          labels: 'appraisal',
        },
        appraisalMethod: { kind: 'excellentShare' },
      }),
      strings: [],
      integers: [],
      required: ['config', 'appraisalMethod'],
      outOfRange: {
        config: [
          'x',
          {},
          {
            components: [{ key: 'other', label: '其他', weight: 100, max: 100 }],
            thresholds: [],
            floors: [],
            quotas: [],
            vetoGrade: 'poor',
            labels: 'appraisal',
          },
          {
            components: [{ key: 'leader', label: '述职评议', weight: 60, max: 100 }],
            thresholds: [],
            floors: [],
            quotas: [],
            vetoGrade: 'poor',
            labels: 'appraisal',
          },
        ],
        appraisalMethod: [
          { kind: 'points' },
          { kind: 'bands', bands: [], lowerWhenFairPoorShare: null },
          'x',
        ],
      },
    },
    'POST /api/evaluations/:cycleId/publish': {
      method: 'POST',
      url: () => `/api/evaluations/${cycle}/publish`,
      valid: () => ({ confirm: true }),
      strings: [],
      integers: [],
      booleans: ['confirm'],
      required: ['confirm'],
      outOfRange: { confirm: [false] },
    },
    'POST /api/reports': {
      method: 'POST',
      url: () => '/api/reports',
      valid: () => ({ cycleId: cycle, orgId: branch }),
      strings: [],
      integers: ['cycleId', 'orgId'],
      required: ['cycleId', 'orgId'],
      outOfRange: { cycleId: idOutOfRange, orgId: idOutOfRange },
    },
    'POST /api/reports/export': {
      method: 'POST',
      url: () => '/api/reports/export',
      valid: () => ({ cycleId: cycle }),
      strings: [],
      integers: ['cycleId'],
      required: ['cycleId'],
      outOfRange: { cycleId: idOutOfRange },
    },
    'POST /api/reports/remind': {
      method: 'POST',
      url: () => '/api/reports/remind',
      valid: () => ({ cycleId: cycle, message: '请尽快提交' }),
      strings: ['message'],
      integers: ['cycleId'],
      required: ['cycleId'],
      outOfRange: { cycleId: idOutOfRange, message: ['', '   ', tooLong(201)] },
    },
    'PUT /api/reports/:id': {
      method: 'PUT',
      url: () => `/api/reports/${report}`,
      valid: () => ({ body: reportBody(), updatedAt: '2026-06-01T00:00:00.000Z' }),
      strings: ['updatedAt'],
      integers: [],
      required: ['body', 'updatedAt'],
      outOfRange: {
        body: [
          'x',
          {},
          { ...reportBody(), sections: [] },
          { ...reportBody(), problems: 'x' },
          { ...reportBody(), plans: [{ text: '举措', answers: [-1] }] },
          { ...reportBody(), title: tooLong(101) },
          {
            ...reportBody(),
            basicsTable: Array.from({ length: 121 }, () => ({ label: '党员', value: '1名' })),
          },
          { ...reportBody(), basicsTable: [{ label: '', value: '1名' }] },
          { ...reportBody(), basicsTable: [{ label: '党员', value: tooLong(41) }] },
          { ...reportBody(), basicsTable: [{ label: '党员', value: '1名', amount: 1 }] },
        ],
        updatedAt: ['', 'x', '2026-13-01T00:00:00Z'],
      },
    },
    'POST /api/reports/:id/check': {
      method: 'POST',
      url: () => `/api/reports/${report}/check`,
      valid: () => ({ body: reportBody() }),
      strings: [],
      integers: [],
      required: ['body'],
      outOfRange: {
        body: [
          'x',
          {},
          { ...reportBody(), sections: [] },
          { ...reportBody(), problems: [{ text: '问题' }] },
          { ...reportBody(), sections: [{ kind: 'other', title: '其他', text: '' }] },
        ],
      },
    },
    'POST /api/reports/:id/return': {
      method: 'POST',
      url: () => `/api/reports/${report}/return`,
      valid: () => ({ comments: [], quotedFindings: [], general: '请补充' }),
      strings: ['general'],
      integers: [],
      required: ['comments', 'quotedFindings', 'general'],
      outOfRange: {
        comments: [
          'x',
          [{}],
          [{ sectionKind: 'other', comment: '意见' }],
          [{ sectionKind: 'basics', comment: '' }],
        ],
        quotedFindings: ['x', [-1], [1, 1]],
        general: [tooLong(2001)],
      },
    },
    'PUT /api/reports/:id/dismissed-findings': {
      method: 'PUT',
      url: () => `/api/reports/${report}/dismissed-findings`,
      valid: () => ({ findings: [] }),
      strings: [],
      integers: [],
      required: ['findings'],
      outOfRange: { findings: ['x', [-1], [1, 1], ['a']] },
    },
    'PUT /api/target-letters/:id/items': {
      method: 'PUT',
      url: () => `/api/target-letters/${letter}/items`,
      valid: () => ({ items: [letterItem()] }),
      strings: [],
      integers: [],
      required: ['items'],
      outOfRange: {
        items: [
          'x',
          [{}],
          [{ ...letterItem(), label: '' }],
          [{ ...letterItem(), target: 0 }],
          [{ ...letterItem(), unit: tooLong(11) }],
          [{ ...letterItem(), progress: { kind: 'records', source: { ledgerKinds: [] } } }],
          [{ ...letterItem(), progress: { kind: 'entered', value: -1 } }],
          [
            {
              ...letterItem(),
              progress: { kind: 'periods', source: { ledgerKinds: ['congress'] }, every: 'week', atLeast: 1 },
            },
          ],
        ],
      },
    },
    'POST /api/spot-checks': {
      method: 'POST',
      url: () => '/api/spot-checks',
      valid: () => ({ cycleId: cycle, size: 1, seed: 5 }),
      strings: [],
      integers: ['cycleId', 'size', 'seed'],
      required: ['cycleId', 'size'],
      outOfRange: { cycleId: idOutOfRange, size: [0, 501, 1.5, 5], seed: [0, -1, 2 ** 31, 1.5] },
    },
    'PUT /api/spot-checks/:id': {
      method: 'PUT',
      url: () => `/api/spot-checks/${spotCheck}`,
      valid: () => ({ checkedOn: '2025-06-01', checkers: ['王检查'], findings: [finding()] }),
      strings: ['checkedOn'],
      integers: [],
      required: ['checkedOn', 'checkers', 'findings'],
      outOfRange: {
        checkedOn: [...date, '2099-01-01'],
        checkers: [[], [''], 'x', [tooLong(51)]],
        findings: [
          'x',
          [{}],
          [{ ...finding(), points: -1 }],
          [{ ...finding(), points: 99 }],
          [{ ...finding(), indicatorKey: 'nope' }],
          [{ ...finding(), reason: '' }],
          [{ ...finding(), fileIds: [0] }],
        ],
      },
    },
    'POST /api/problems': {
      method: 'POST',
      url: () => '/api/problems',
      valid: inspection,
      strings: ['text', 'excerpt', 'candidateKey', 'deadline'],
      integers: ['orgId', 'cycleId'],
      required: ['orgId', 'ref', 'text', 'category', 'severity', 'deadline'],
      outOfRange: {
        orgId: idOutOfRange,
        cycleId: idOutOfRange,
        text: ['', ' ', tooLong(1001)],
        candidateKey: ['', tooLong(201)],
        category: ['x', ''],
        severity: ['severe', ''],
        deadline: date,
        ref: [
          {},
          'inspection',
          { source: 'nope' },
          { source: 'critique' },
          { source: 'critique', leaderReviewId: 0 },
          { source: 'appraisal', meetingId: 1, itemKey: 'a', poorShare: 2 },
          { source: 'inspection', extra: 1 },
        ],
      },
    },
    'POST /api/problems/batch': {
      method: 'POST',
      url: () => '/api/problems/batch',
      valid: () => ({ cycleId: cycle, items: [inspection()] }),
      strings: [],
      integers: ['cycleId'],
      required: ['cycleId', 'items'],
      outOfRange: {
        cycleId: idOutOfRange,
        items: [
          'x',
          [],
          [{}],
          [{ ...inspection(), text: '' }],
          [{ ...inspection(), deadline: '2026-02-30' }],
          Array.from({ length: 501 }, inspection),
        ],
      },
    },
    'PATCH /api/problems/:id': {
      method: 'PATCH',
      url: () => `/api/problems/${problem}`,
      valid: () => ({ text: '改', category: 'other', severity: 'low', deadline: '2026-10-01' }),
      strings: ['text', 'deadline'],
      integers: [],
      required: [],
      outOfRange: { text: ['', tooLong(1001)], category: ['x'], severity: [''], deadline: date },
    },
    'POST /api/problems/:id/measures': {
      method: 'POST',
      url: () => `/api/problems/${problem}/measures`,
      valid: measure,
      strings: ['text', 'deadline', 'doneOn'],
      integers: ['ownerMemberId', 'ownerUserId', 'responsibleOrgId'],
      required: ['text', 'responsibleOrgId', 'deadline'],
      outOfRange: {
        text: ['', tooLong(1001)],
        ownerUserId: idOutOfRange,
        responsibleOrgId: idOutOfRange,
        deadline: date,
        doneOn: [...date, '2099-01-01'],
        milestones: [
          'x',
          [{}],
          [{ text: '', due: '2026-07-01', doneOn: null }],
          [{ text: 'a', due: 'x', doneOn: null }],
        ],
      },
    },
    'PUT /api/problems/:id/measures/:measureId': {
      method: 'PUT',
      url: () => `/api/problems/${problem}/measures/${problemMeasure}`,
      valid: measure,
      strings: ['text', 'deadline'],
      integers: ['ownerUserId', 'responsibleOrgId'],
      required: ['text', 'responsibleOrgId', 'deadline'],
      outOfRange: { text: [''], ownerUserId: idOutOfRange, deadline: date },
    },
    'POST /api/problems/:id/submit': {
      method: 'POST',
      url: () => `/api/problems/${problem}/submit`,
      valid: () => ({ text: '整改说明', fileIds: [], ledgerRecordIds: [] }),
      strings: ['text'],
      integers: [],
      required: [],
      outOfRange: {
        text: ['', tooLong(4001)],
        fileIds: ['x', [0], [1, 1]],
        ledgerRecordIds: [[0], [2_147_483_648], [1, 1]],
      },
    },
    'POST /api/problems/:id/reject': {
      method: 'POST',
      url: () => `/api/problems/${problem}/reject`,
      valid: () => ({ reason: '材料不全' }),
      strings: ['reason'],
      integers: [],
      required: ['reason'],
      outOfRange: { reason: ['', ' ', tooLong(1001)] },
    },
    'POST /api/problems/:id/recheck': {
      method: 'POST',
      url: () => `/api/problems/${problem}/recheck`,
      valid: () => ({ passed: false, reason: '反弹' }),
      strings: ['reason'],
      integers: [],
      booleans: ['passed'],
      required: ['passed'],
      outOfRange: { reason: ['', tooLong(1001)] },
    },
    'POST /api/problems/:id/extend': {
      method: 'POST',
      url: () => `/api/problems/${problem}/extend`,
      valid: () => ({ deadline: '2026-12-31', reason: '汛期' }),
      strings: ['deadline', 'reason'],
      integers: [],
      required: ['deadline', 'reason'],
      outOfRange: { deadline: [...date, '2100-01-01'], reason: ['', tooLong(1001)] },
    },
    'POST /api/problems/:id/merge': {
      method: 'POST',
      url: () => `/api/problems/${problem}/merge`,
      valid: () => ({ intoId: problem }),
      strings: [],
      integers: ['intoId'],
      required: ['intoId'],
      outOfRange: { intoId: idOutOfRange },
    },
    'POST /api/problems/:id/remind': {
      method: 'POST',
      url: () => `/api/problems/${problem}/remind`,
      valid: () => ({ message: '请本周内提交整改材料' }),
      strings: ['message'],
      integers: [],
      required: ['message'],
      outOfRange: { message: ['', ' ', tooLong(201)] },
    },
    'POST /api/inbox/read': {
      method: 'POST',
      url: () => '/api/inbox/read',
      valid: () => ({ ids: [1] }),
      strings: [],
      integers: [],
      required: ['ids'],
      outOfRange: { ids: [[], [0], 'x', [2_147_483_648], Array.from({ length: 201 }, (_, i) => i + 1)] },
    },
    'PUT /api/routine-scores/:cycleId/orgs/:orgId/indicators/:key/score': {
      method: 'PUT',
      url: () => `/api/routine-scores/${cycle}/orgs/${branch}/indicators/b-first-duty/score`,
      valid: () => ({ points: 5, reason: '核定' }),
      strings: ['reason'],
      integers: [],
      required: ['points'],
      outOfRange: { points: [-1, 9, 1.234, '5', null], reason: [tooLong(501), nul] },
    },
    'PUT /api/routine-scores/:cycleId/orgs/:orgId/indicators/:key/veto': {
      method: 'PUT',
      url: () => `/api/routine-scores/${cycle}/orgs/${branch}/indicators/b-violation/veto`,
      valid: () => ({ applies: true, reason: '受党纪处分' }),
      strings: ['reason'],
      integers: [],
      booleans: ['applies'],
      required: ['applies', 'reason'],
      outOfRange: { applies: ['true', 1, null], reason: ['', ' ', tooLong(501), nul] },
    },
    'PUT /api/routine-scores/:cycleId/orgs/:orgId/indicators/:key/deductions': {
      method: 'PUT',
      url: () => `/api/routine-scores/${cycle}/orgs/${branch}/indicators/b-first-duty/deductions`,
      valid: () => ({ deductions: [{ points: 1, reason: '酌情扣分' }] }),
      strings: [],
      integers: [],
      required: ['deductions'],
      outOfRange: {
        deductions: [
          'x',
          [{}],
          [{ points: -1, reason: '扣' }],
          [{ points: 9, reason: '扣' }],
          [{ points: 1.234, reason: '扣' }],
          [{ points: 1, reason: '' }],
          [{ points: 1, reason: nul }],
          Array.from({ length: 51 }, () => ({ points: 0.1, reason: '扣' })),
        ],
      },
    },
    'PUT /api/routine-scores/:cycleId/orgs/:orgId/indicators/:key/evidence': {
      method: 'PUT',
      url: () => `/api/routine-scores/${cycle}/orgs/${branch}/indicators/b-first-duty/evidence`,
      valid: () => ({ fileIds: [], ledgerRecordIds: [], note: '佐证说明' }),
      strings: ['note'],
      integers: [],
      required: ['fileIds', 'ledgerRecordIds'],
      outOfRange: {
        fileIds: ['x', [0], [1.5], [1, 1], Array.from({ length: 21 }, (_, i) => i + 1)],
        // No record of this id exists: refused naming its place in the list.
        ledgerRecordIds: [
          'x',
          [0],
          ['1'],
          [1, 1],
          Array.from({ length: 51 }, (_, i) => i + 1),
          [2_000_000_000],
        ],
        note: ['', tooLong(501), nul],
      },
    },
  };

  /** POST routes that take no body: what they get must still not break them. */
  const bodyless: Record<string, () => string> = {
    'POST /api/auth/logout': () => '/api/auth/logout',
    'POST /api/users/:id/reset-password': () => `/api/users/${viewer}/reset-password`,
    'POST /api/users/:id/unlock-login': () => `/api/users/${viewer}/unlock-login`,
    'POST /api/demo': () => '/api/demo',
    'POST /api/target-letters/:id/issue': () => `/api/target-letters/${letter}/issue`,
    'POST /api/problems/:id/start': () => `/api/problems/${problem}/start`,
    'POST /api/problems/:id/close': () => `/api/problems/${problem}/close`,
    'POST /api/reports/:id/submit': () => `/api/reports/${report}/submit`,
    'POST /api/reports/:id/accept': () => `/api/reports/${report}/accept`,
    'POST /api/target-letters/:id/acknowledge': () => `/api/target-letters/${letter}/acknowledge`,
    'POST /api/routine-scores/:cycleId/recompute': () => `/api/routine-scores/${cycle}/recompute`,
    'POST /api/meetings/:id/paper-ballots/count': () => `/api/meetings/${meeting}/paper-ballots/count`,
  };

  const session = (route: { anonymous?: boolean }): Session | null => (route.anonymous ? null : t.admin);

  function send(
    s: Session | null,
    method: string,
    url: string,
    payload?: string | Buffer,
    contentType?: string,
  ): Promise<LightMyRequestResponse> {
    const headers: Record<string, string> = {};
    if (s) Object.assign(headers, { cookie: s.cookie, 'x-csrf-token': s.csrfToken });
    if (contentType) headers['content-type'] = contentType;
    return t.app.inject({
      method: method as 'POST',
      url,
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
  }

  /** Sends `body` as JSON to the route, signed in as the route needs. */
  const json = (route: InputRoute, body: unknown) =>
    send(session(route), route.method, route.url(), JSON.stringify(body), 'application/json');

  /** Runs the attempts and fails if any table changed meanwhile. */
  async function unchanged(attempts: () => Promise<void>) {
    const before = await dumpDb(t);
    await attempts();
    expect(await dumpDb(t)).toEqual(before);
  }

  it('covers every route that takes a body, and every POST and PATCH', () => {
    const all = registeredRoutes();
    const writes = all.filter((r) => r.method === 'POST' || r.method === 'PATCH' || r.method === 'PUT');
    expect(writes.map((r) => r.key).sort()).toEqual(
      [
        ...Object.keys(routes),
        ...Object.keys(bodyless),
        ...Object.keys(rawUploads),
        ...Object.keys(reportFileUploads),
        ...Object.keys(multipartUploads),
      ].sort(),
    );
    expect(
      all
        .filter((r) => r.hasBody)
        .map((r) => r.key)
        .sort(),
    ).toEqual(Object.keys(routes).sort());
  });

  describe('text', () => {
    const hidden = ['\u202e', '\u2066', '\u200b', '\ufeff', '\u0007', '\u009b', '\ufffd'];
    // Secrets are the password policy's business and are compared exactly as sent.
    const isSecret = (field: string) => /password/i.test(field);

    it('refuses control, direction, zero-width and replacement characters in every body text field', async () => {
      await unchanged(async () => {
        for (const [key, route] of Object.entries(routes))
          for (const field of route.strings.filter((f) => !isSecret(f))) {
            const valid = route.valid()[field];
            for (const char of hidden) {
              const value =
                typeof valid === 'string' ? `${valid.slice(0, 1)}${char}${valid.slice(1)}` : `张${char}三`;
              const res = await json(route, { ...route.valid(), [field]: value });
              const error = expectApiError(res, 400, 'VALIDATION_ERROR');
              expect(JSON.stringify(error.details), `${key} ${field}=${JSON.stringify(value)}`).toContain(
                field,
              );
            }
          }
      });
    });

    it('names the character in its message', async () => {
      for (const [name, named] of [
        ['东\u202e街村党支部', 'U+202E'],
        ['东街\n村党支部', '只能填一行'],
      ]) {
        const res = await t.request(t.admin, 'POST', '/api/orgs', { parentId: town, name, level: 'branch' });
        const error = expectApiError(res, 400, 'VALIDATION_ERROR');
        expect(error.message).toContain('name');
        expect(error.message).toContain(named);
      }
    });

    it('stores names NFC-normalized, and keeps line breaks in free text', async () => {
      const created = await t.request(t.admin, 'POST', '/api/orgs', {
        parentId: town,
        name: 'Re\u0301ne党支部',
        level: 'branch',
      });
      expect(expectStatus(created, 201).json().name).toBe('R\u00e9ne党支部');
      const pairing = await t.request(t.admin, 'POST', `/api/orgs/${town}/pairings`, {
        partnerName: '县水务公司党支部',
        content: '一、共建\n二、\t走访',
      });
      expect(expectStatus(pairing, 201).json().content).toBe('一、共建\n二、\t走访');
    });
  });

  describe('dates', () => {
    const farDays = ['0000-01-01', '0001-01-01', '1899-12-31', '2100-01-01', '9999-12-31'];

    it('refuses year 0 and days outside 1900–2099 in every date field of every body', async () => {
      const fields = registeredRoutes().flatMap((r) => r.bodyDates.map((f): [string, string] => [r.key, f]));
      expect(fields.length).toBeGreaterThanOrEqual(18);
      await unchanged(async () => {
        for (const [key, field] of fields) {
          const route = routes[key]!;
          for (const day of farDays) {
            const res = await json(route, { ...route.valid(), [field]: day });
            const error = expectApiError(res, 400, 'VALIDATION_ERROR');
            expect(JSON.stringify(error.details), `${key} ${field}=${day}`).toContain(field);
          }
        }
      });
    });

    it('refuses them in every date query parameter, and takes the edges of the range', async () => {
      const params = registeredRoutes().flatMap((r) => r.queryDates.map((q): [string, string] => [r.url, q]));
      expect(params).toEqual(
        expect.arrayContaining([
          ['/api/pipeline', 'asOf'],
          ['/api/statistics', 'asOf'],
          ['/api/exports/statistics', 'asOf'],
        ]),
      );
      // Statistics count from the Party's founding (1921-07-01), a rule of their own after the schema's.
      const earliest = (url: string) => (url.includes('statistics') ? '1921-07-01' : '1900-01-01');
      const query = (url: string, param: string, day: string) =>
        `${url}?${url.endsWith('/batch') ? 'orgIds' : 'orgId'}=${branch}&${param}=${day}`;
      await unchanged(async () => {
        for (const [url, param] of params)
          for (const day of farDays)
            expectApiError(await t.request(t.admin, 'GET', query(url, param, day)), 400, 'VALIDATION_ERROR');
      });
      // Outside `unchanged`: an answered statistics request fills the statistics cache.
      for (const [url, param] of params)
        for (const day of [earliest(url), '2099-12-31'])
          expectStatus(await t.request(t.admin, 'GET', query(url, param, day)), 200);
    });
  });

  describe.each(Object.entries(routes))('%s', (_key, route) => {
    it('rejects malformed JSON', async () => {
      await unchanged(async () => {
        for (const payload of ['{"a":', '{', '{"name": "x",}', "{'name': 'x'}", 'nul', '\u0000', '{"a":1}}'])
          expectApiError(
            await send(session(route), route.method, route.url(), payload, 'application/json'),
            400,
          );
        expectApiError(
          await send(session(route), route.method, route.url(), '', 'application/json'),
          400,
          'INVALID_JSON',
        );
      });
    });

    it('rejects prototype pollution keys', async () => {
      await unchanged(async () => {
        const valid = JSON.stringify(route.valid()).slice(1, -1);
        for (const payload of [
          `{"__proto__":{"admin":true},${valid}}`,
          `{"constructor":{"prototype":{"x":1}},${valid}}`,
        ])
          expectApiError(
            await send(session(route), route.method, route.url(), payload, 'application/json'),
            400,
          );
      });
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('rejects a body that is not an object', async () => {
      await unchanged(async () => {
        for (const body of [null, [], [route.valid()], 'text', 42, true])
          expectApiError(await json(route, body), 400, 'VALIDATION_ERROR');
      });
    });

    it('rejects wrong types without coercing them', async () => {
      await unchanged(async () => {
        const wrong: [string, unknown][] = [
          ...route.strings.flatMap((f): [string, unknown][] => [
            [f, 12345],
            [f, true],
            [f, ['x']],
            [f, { value: 'x' }],
          ]),
          ...route.integers.flatMap((f): [string, unknown][] => [
            [f, String(route.valid()[f] ?? 1)],
            [f, '1'],
            [f, 1.5],
            [f, true],
            [f, [1]],
          ]),
          ...(route.booleans ?? []).flatMap((f): [string, unknown][] => [
            [f, 'true'],
            [f, 1],
            [f, 'yes'],
          ]),
        ];
        for (const [field, value] of wrong) {
          const res = await json(route, { ...route.valid(), [field]: value });
          const error = expectApiError(res, 400, 'VALIDATION_ERROR');
          expect(JSON.stringify(error.details), `${field}=${JSON.stringify(value)}`).toContain(field);
        }
      });
    });

    it('rejects values outside the rules', async () => {
      await unchanged(async () => {
        for (const [field, values] of Object.entries(route.outOfRange))
          for (const value of values) {
            const res = await json(route, { ...route.valid(), [field]: value });
            expect(res.statusCode, `${field}=${JSON.stringify(value)}: ${res.body}`).toBeLessThan(500);
            expectApiError(res, 400);
          }
      });
    });

    it('rejects unknown fields', async () => {
      await unchanged(async () => {
        for (const extra of [
          { id: 1 },
          { role2: 'admin' },
          { passwordHash: 'x' },
          { '': 1 },
          { path: '1.2' },
        ]) {
          const error = expectApiError(
            await json(route, { ...route.valid(), ...extra }),
            400,
            'VALIDATION_ERROR',
          );
          expect(error.message).toContain('不允许的字段');
        }
      });
    });

    it('rejects missing required fields, and an empty body', async () => {
      await unchanged(async () => {
        for (const field of route.required) {
          const body = route.valid();
          delete body[field];
          const error = expectApiError(await json(route, body), 400, 'VALIDATION_ERROR');
          expect(JSON.stringify(error.details)).toContain(field);
        }
        expectApiError(await json(route, {}), 400, 'VALIDATION_ERROR');
      });
    });

    it('rejects a body over 1 MiB with 413', async () => {
      await unchanged(async () => {
        const big = JSON.stringify({ ...route.valid(), filler: 'x'.repeat(1024 * 1024) });
        expectApiError(
          await send(session(route), route.method, route.url(), big, 'application/json'),
          413,
          'BODY_TOO_LARGE',
        );
      });
    });

    it('rejects other content types with 415', async () => {
      await unchanged(async () => {
        const valid = JSON.stringify(route.valid());
        for (const [type, payload] of [
          ['text/plain', valid],
          ['text/plain; charset=utf-8', valid],
          ['application/x-www-form-urlencoded', 'name=x&level=branch'],
          [
            'multipart/form-data; boundary=abc',
            '--abc\r\nContent-Disposition: form-data; name="a"\r\n\r\nx\r\n--abc--',
          ],
          ['application/xml', '<org/>'],
          ['text/html', valid],
        ])
          expectApiError(
            await send(session(route), route.method, route.url(), payload, type),
            415,
            'UNSUPPORTED_MEDIA_TYPE',
          );
        expectApiError(
          await send(session(route), route.method, route.url(), valid),
          415,
          'UNSUPPORTED_MEDIA_TYPE',
        );
      });
    });
  });

  describe.each(Object.entries(bodyless))('%s', (_key, url) => {
    it('rejects malformed, oversize and non-JSON bodies without acting', async () => {
      await unchanged(async () => {
        expectApiError(await send(t.admin, 'POST', url(), '{"a":', 'application/json'), 400, 'INVALID_JSON');
        expectApiError(await send(t.admin, 'POST', url(), '', 'application/json'), 400, 'INVALID_JSON');
        const big = JSON.stringify({ filler: 'x'.repeat(1024 * 1024) });
        expectApiError(await send(t.admin, 'POST', url(), big, 'application/json'), 413, 'BODY_TOO_LARGE');
        for (const type of ['text/plain', 'application/xml', 'application/x-www-form-urlencoded'])
          expectApiError(await send(t.admin, 'POST', url(), 'x=1', type), 415, 'UNSUPPORTED_MEDIA_TYPE');
      });
      // The session survived all of it.
      expectStatus(await t.request(t.admin, 'GET', '/api/auth/me'), 200);
    });
  });

  // Routes whose body is a raw xlsx file (no schema): anything else is refused as a bad file.
  const rawUploads: Record<string, { url: () => string; limitMiB: number }> = {
    'POST /api/imports/members': { url: () => '/api/imports/members', limitMiB: 50 },
    'POST /api/imports/orgs': { url: () => '/api/imports/orgs', limitMiB: 50 },
    'POST /api/ledger/import': { url: () => '/api/ledger/import', limitMiB: 50 },
    'POST /api/cycles/:id/schemes/:audience/import': {
      url: () => `/api/cycles/${cycle}/schemes/branch/import`,
      limitMiB: 5,
    },
  };

  describe.each(Object.entries(rawUploads))('%s', (_key, upload) => {
    it('rejects JSON, text, empty and oversize bodies as bad files without acting', async () => {
      const url = upload.url();
      await unchanged(async () => {
        expectApiError(await send(t.admin, 'POST', url, '{"a":', 'application/json'), 400, 'IMPORT_NOT_XLSX');
        expectApiError(await send(t.admin, 'POST', url, 'x=1', 'text/plain'), 400, 'IMPORT_NOT_XLSX');
        expectApiError(await send(t.admin, 'POST', url, '', 'application/octet-stream'), 400);
        const big = 'x'.repeat(upload.limitMiB * 1024 * 1024 + 1);
        expectApiError(
          await send(t.admin, 'POST', url, big, 'application/octet-stream'),
          413,
          'BODY_TOO_LARGE',
        );
      });
    });
  });

  // Routes whose raw body is a report file (.docx or .txt, the name in the query): read, never saved.
  const reportFileUploads: Record<string, (fileName: string) => string> = {
    'POST /api/reports/:id/import': (fileName) =>
      `/api/reports/${report}/import?fileName=${encodeURIComponent(fileName)}`,
  };

  describe.each(Object.entries(reportFileUploads))('%s', (_key, url) => {
    it('rejects unreadable, empty and oversize files, and bad names, in Chinese without acting', async () => {
      await unchanged(async () => {
        for (const name of ['a.pdf', 'a.doc', 'a', 'a.xlsx'])
          expectApiError(
            await send(t.admin, 'POST', url(name), 'x', 'text/plain'),
            400,
            'REPORT_FILE_INVALID',
          );
        for (const body of ['{"a":', 'x=1', 'PK\u0003\u0004'])
          expectApiError(
            await send(t.admin, 'POST', url('a.docx'), body, 'application/octet-stream'),
            400,
            'REPORT_FILE_INVALID',
          );
        expectApiError(await send(t.admin, 'POST', url('a.txt'), '', 'application/octet-stream'), 400);
        expectApiError(
          await send(t.admin, 'POST', url('a.txt'), '\n \n', 'text/plain'),
          400,
          'REPORT_FILE_INVALID',
        );
        expectApiError(await send(t.admin, 'POST', url('a.txt')), 400);
        const big = 'x'.repeat(10 * 1024 * 1024 + 1);
        expectApiError(await send(t.admin, 'POST', url('a.txt'), big, 'text/plain'), 413, 'BODY_TOO_LARGE');
      });
    });
  });

  // Routes whose body is a multipart form with one file: anything else is refused before storing.
  const multipartUploads: Record<string, string> = {
    'POST /api/files': '/api/files?kind=attachment',
  };

  describe.each(Object.entries(multipartUploads))('%s', (_key, url) => {
    it('rejects JSON, text and empty bodies without storing anything', async () => {
      await unchanged(async () => {
        expectApiError(await send(t.admin, 'POST', url, '{"a":1}', 'application/json'), [400, 415]);
        expectApiError(await send(t.admin, 'POST', url, 'x=1', 'text/plain'), [400, 415]);
        expectApiError(await send(t.admin, 'POST', url, '', 'multipart/form-data; boundary=x'), [400, 415]);
        expectApiError(await send(t.admin, 'POST', url), [400, 415]);
      });
    });
  });

  describe('path parameters', () => {
    const badIds = [
      'abc',
      '0',
      '-1',
      '1.5',
      '2147483648',
      '99999999999999999999',
      '1e400',
      'null',
      '%00',
      '0x10',
      '%20',
    ];
    const withId: [string, string, (id: string) => string, () => Body | undefined, string?][] = [
      ['GET', 'orgs', (id) => `/api/orgs/${id}`, () => undefined],
      ['PATCH', 'orgs', (id) => `/api/orgs/${id}`, () => ({ sortOrder: 2 })],
      ['DELETE', 'orgs', (id) => `/api/orgs/${id}`, () => undefined],
      ['POST', 'orgs move', (id) => `/api/orgs/${id}/move`, () => ({ parentId: county })],
      ['GET', 'users', (id) => `/api/users/${id}`, () => undefined],
      ['PATCH', 'users', (id) => `/api/users/${id}`, () => ({ displayName: '改名' })],
      ['POST', 'users reset-password', (id) => `/api/users/${id}/reset-password`, () => undefined],
      ['POST', 'users unlock-login', (id) => `/api/users/${id}/unlock-login`, () => undefined],
      ['GET', 'members', (id) => `/api/members/${id}`, () => undefined],
      ['PATCH', 'members', (id) => `/api/members/${id}`, () => ({ occupation: '工人' })],
      [
        'POST',
        'members transfer',
        (id) => `/api/members/${id}/transfer`,
        () => ({ toOrgId: town, transferredOn: '2025-01-01' }),
      ],
      ['GET', 'members transfers', (id) => `/api/members/${id}/transfers`, () => undefined],
      ['GET', 'members mobile-records', (id) => `/api/members/${id}/mobile-records`, () => undefined],
      [
        'POST',
        'members mobile-records',
        (id) => `/api/members/${id}/mobile-records`,
        () => ({ direction: 'inflow', place: '成都', startedOn: '2025-01-01' }),
      ],
      ['PATCH', 'mobile-records', (id) => `/api/mobile-records/${id}`, () => ({ place: '重庆' })],
      ...Object.keys(orgRecords).flatMap(
        (segment): [string, string, (id: string) => string, () => Body | undefined, string?][] => [
          ['GET', `orgs ${segment}`, (id) => `/api/orgs/${id}/${segment}`, () => undefined],
          [
            'POST',
            `orgs ${segment}`,
            (id) => `/api/orgs/${id}/${segment}`,
            () => orgRecords[segment]!.create,
          ],
          [
            'PATCH',
            `orgs ${segment} item`,
            (id) => `/api/orgs/${town}/${segment}/${id}`,
            () => orgRecords[segment]!.update,
            `PATCH /api/orgs/:id/${segment}/:recordId`,
          ],
          [
            'DELETE',
            `orgs ${segment} item`,
            (id) => `/api/orgs/${town}/${segment}/${id}`,
            () => undefined,
            `DELETE /api/orgs/:id/${segment}/:recordId`,
          ],
        ],
      ),
    ];

    const cycleRoutes: [string, string, string, () => Body | undefined][] = [
      ['GET', '', '', () => undefined],
      ['PATCH', '', '', () => ({ name: '改名' })],
      ['POST', ' status', '/status', () => ({ status: 'open' })],
      ['POST', ' reopen', '/reopen', () => ({ reason: '复核得分' })],
      ['GET', ' reporting-set', '/reporting-set', () => undefined],
      [
        'PUT',
        ' reporting-set',
        '/reporting-set',
        () => ({ depth: 'subtree', levels: [], domains: [], include: [], exclude: [] }),
      ],
      ['GET', ' schemes', '/schemes', () => undefined],
      ['GET', ' problem-candidates', '/problem-candidates', () => undefined],
      ['PUT', ' problem-threshold', '/problem-threshold', () => ({ appraisalPoorShare: 0.4 })],
    ];
    for (const [method, name, tail, body] of cycleRoutes)
      withId.push([method, `cycles${name}`, (id) => `/api/cycles/${id}${tail}`, body]);
    for (const [method, tail, body] of [
      ['GET', '', () => undefined],
      ['PUT', '', () => branchTemplate as unknown as Body],
      ['GET', '/export', () => undefined],
    ] as [string, string, () => Body | undefined][])
      withId.push([
        method,
        `cycles scheme${tail}`,
        (id) => `/api/cycles/${id}/schemes/branch${tail}`,
        body,
        `${method} /api/cycles/:id/schemes/:audience${tail}`,
      ]);
    withId.push([
      'POST',
      'cycles scheme import',
      (id) => `/api/cycles/${id}/schemes/branch/import`,
      () => undefined,
      'POST /api/cycles/:id/schemes/:audience/import',
    ]);
    withId.push(
      ['GET', 'files', (id) => `/api/files/${id}`, () => undefined],
      ['GET', 'files meta', (id) => `/api/files/${id}/meta`, () => undefined],
      ['DELETE', 'files', (id) => `/api/files/${id}`, () => undefined],
      ['GET', 'job', (id) => `/api/jobs/${id}`, () => undefined],
      ['GET', 'ledger', (id) => `/api/ledger/${id}`, () => undefined],
      ['PATCH', 'ledger', (id) => `/api/ledger/${id}`, () => ({ topic: '改' })],
      ['DELETE', 'ledger', (id) => `/api/ledger/${id}`, () => undefined],
      ['GET', 'target-letters', (id) => `/api/target-letters/${id}`, () => undefined],
      ['PUT', 'target-letters items', (id) => `/api/target-letters/${id}/items`, () => ({ items: [] })],
      ['POST', 'target-letters issue', (id) => `/api/target-letters/${id}/issue`, () => undefined],
      [
        'POST',
        'target-letters acknowledge',
        (id) => `/api/target-letters/${id}/acknowledge`,
        () => undefined,
      ],
      ['GET', 'spot-checks', (id) => `/api/spot-checks/${id}`, () => undefined],
      ['GET', 'problems', (id) => `/api/problems/${id}`, () => undefined],
      ['PATCH', 'problems', (id) => `/api/problems/${id}`, () => ({ severity: 'high' })],
      ['POST', 'problems measures', (id) => `/api/problems/${id}/measures`, measure],
      [
        'PUT',
        'problems measure',
        (id) => `/api/problems/${id}/measures/${problemMeasure}`,
        measure,
        'PUT /api/problems/:id/measures/:measureId',
      ],
      [
        'PUT',
        'problems measure id',
        (id) => `/api/problems/${problem}/measures/${id}`,
        measure,
        'PUT /api/problems/:id/measures/:measureId',
      ],
      [
        'DELETE',
        'problems measure',
        (id) => `/api/problems/${id}/measures/${problemMeasure}`,
        () => undefined,
        'DELETE /api/problems/:id/measures/:measureId',
      ],
      [
        'DELETE',
        'problems measure id',
        (id) => `/api/problems/${problem}/measures/${id}`,
        () => undefined,
        'DELETE /api/problems/:id/measures/:measureId',
      ],
      ['POST', 'problems start', (id) => `/api/problems/${id}/start`, () => undefined],
      ['POST', 'problems submit', (id) => `/api/problems/${id}/submit`, () => ({ text: '说明' })],
      ['POST', 'problems close', (id) => `/api/problems/${id}/close`, () => undefined],
      ['POST', 'problems reject', (id) => `/api/problems/${id}/reject`, () => ({ reason: '退回' })],
      ['POST', 'problems recheck', (id) => `/api/problems/${id}/recheck`, () => ({ passed: true })],
      [
        'POST',
        'problems extend',
        (id) => `/api/problems/${id}/extend`,
        () => ({ deadline: '2026-12-31', reason: '延期' }),
      ],
      ['POST', 'problems merge', (id) => `/api/problems/${id}/merge`, () => ({ intoId: problem })],
      ['POST', 'problems remind', (id) => `/api/problems/${id}/remind`, () => ({ message: null })],
      ['GET', 'meetings', (id) => `/api/meetings/${id}`, () => undefined],
      ['PUT', 'meetings', (id) => `/api/meetings/${id}`, () => routes['PUT /api/meetings/:id']!.valid()],
      ['DELETE', 'meetings', (id) => `/api/meetings/${id}`, () => undefined],
      ['GET', 'meetings codes', (id) => `/api/meetings/${id}/codes`, () => undefined],
      [
        'POST',
        'meetings codes',
        (id) => `/api/meetings/${id}/codes`,
        () => ({ category: 'superiors', count: 1 }),
      ],
      ['POST', 'meetings voting', (id) => `/api/meetings/${id}/voting`, () => ({ action: 'open' })],
      ['GET', 'paper ballots', (id) => `/api/meetings/${id}/paper-ballots`, () => undefined],
      [
        'POST',
        'paper ballots',
        (id) => `/api/meetings/${id}/paper-ballots`,
        () => ({ serial: 1, choices: {} }),
      ],
      [
        'PUT',
        'paper ballot',
        (id) => `/api/meetings/${id}/paper-ballots/1`,
        () => ({ choices: {} }),
        'PUT /api/meetings/:id/paper-ballots/:serial',
      ],
      [
        'PUT',
        'paper ballot serial',
        (id) => `/api/meetings/${meeting}/paper-ballots/${id}`,
        () => ({ choices: {} }),
        'PUT /api/meetings/:id/paper-ballots/:serial',
      ],
      ['POST', 'paper ballots count', (id) => `/api/meetings/${id}/paper-ballots/count`, () => undefined],
      ['DELETE', 'paper ballots', (id) => `/api/meetings/${id}/paper-ballots`, () => undefined],
      [
        'PUT',
        'leader review',
        (id) => `/api/leader-reviews/${id}/${branch}`,
        () => ({ scores: { overall: 90 }, critique: '' }),
        'PUT /api/leader-reviews/:meetingId/:orgId',
      ],
      [
        'PUT',
        'leader review org',
        (id) => `/api/leader-reviews/${meeting}/${id}`,
        () => ({ scores: { overall: 90 }, critique: '' }),
        'PUT /api/leader-reviews/:meetingId/:orgId',
      ],
      [
        'GET',
        'evaluation',
        (id) => `/api/evaluations/${id}`,
        () => undefined,
        'GET /api/evaluations/:cycleId',
      ],
      [
        'GET',
        'evaluation export',
        (id) => `/api/evaluations/${id}/export`,
        () => undefined,
        'GET /api/evaluations/:cycleId/export',
      ],
      [
        'GET',
        'evaluation notice',
        (id) => `/api/evaluations/${id}/notice`,
        () => undefined,
        'GET /api/evaluations/:cycleId/notice',
      ],
      [
        'GET',
        'evaluation feedback',
        (id) => `/api/evaluations/${id}/feedback`,
        () => undefined,
        'GET /api/evaluations/:cycleId/feedback',
      ],
      [
        'GET',
        'evaluation feedback of an org',
        (id) => `/api/evaluations/${id}/feedback/${branch}`,
        () => undefined,
        'GET /api/evaluations/:cycleId/feedback/:orgId',
      ],
      [
        'GET',
        'evaluation feedback org',
        (id) => `/api/evaluations/${cycle}/feedback/${id}`,
        () => undefined,
        'GET /api/evaluations/:cycleId/feedback/:orgId',
      ],
      [
        'PUT',
        'evaluation settings',
        (id) => `/api/evaluations/${id}/settings`,
        () => routes['PUT /api/evaluations/:cycleId/settings']!.valid(),
        'PUT /api/evaluations/:cycleId/settings',
      ],
      [
        'POST',
        'evaluation publish',
        (id) => `/api/evaluations/${id}/publish`,
        () => ({ confirm: true }),
        'POST /api/evaluations/:cycleId/publish',
      ],

      ['GET', 'meetings turnout', (id) => `/api/meetings/${id}/turnout`, () => undefined],
      ['GET', 'meetings tally', (id) => `/api/meetings/${id}/tally`, () => undefined],
      ['GET', 'meetings protocol', (id) => `/api/meetings/${id}/protocol.xlsx`, () => undefined],
      ['DELETE', 'meetings rehearsal', (id) => `/api/meetings/${id}/rehearsal`, () => undefined],
      ['GET', 'reports', (id) => `/api/reports/${id}`, () => undefined],
      ['GET', 'reports docx', (id) => `/api/reports/${id}/docx`, () => undefined],
      [
        'PUT',
        'reports',
        (id) => `/api/reports/${id}`,
        () => ({ body: reportBody(), updatedAt: '2026-06-01T00:00:00.000Z' }),
      ],
      ['POST', 'reports submit', (id) => `/api/reports/${id}/submit`, () => undefined],
      ['POST', 'reports check', (id) => `/api/reports/${id}/check`, () => ({ body: reportBody() })],
      [
        'POST',
        'reports return',
        (id) => `/api/reports/${id}/return`,
        () => ({ comments: [], quotedFindings: [], general: '' }),
      ],
      ['POST', 'reports accept', (id) => `/api/reports/${id}/accept`, () => undefined],
      [
        'PUT',
        'reports dismissed findings',
        (id) => `/api/reports/${id}/dismissed-findings`,
        () => ({ findings: [] }),
      ],
      [
        'POST',
        'reports import',
        (id) => `/api/reports/${id}/import?fileName=a.txt`,
        () => undefined,
        'POST /api/reports/:id/import',
      ],
      [
        'GET',
        'report version',
        (id) => `/api/reports/${id}/versions/1`,
        () => undefined,
        'GET /api/reports/:id/versions/:version',
      ],
      [
        'GET',
        'routine-scores ranking',
        (id) => `/api/routine-scores/${id}`,
        () => undefined,
        'GET /api/routine-scores/:cycleId',
      ],
      [
        'POST',
        'routine-scores recompute',
        (id) => `/api/routine-scores/${id}/recompute`,
        () => undefined,
        'POST /api/routine-scores/:cycleId/recompute',
      ],
      [
        'GET',
        'routine-scores sheet',
        (id) => `/api/routine-scores/${cycle}/orgs/${id}`,
        () => undefined,
        'GET /api/routine-scores/:cycleId/orgs/:orgId',
      ],
      [
        'GET',
        'routine-scores export',
        (id) => `/api/routine-scores/${id}/orgs/${branch}/export`,
        () => undefined,
        'GET /api/routine-scores/:cycleId/orgs/:orgId/export',
      ],
      [
        'PUT',
        'routine-scores score',
        (id) => `/api/routine-scores/${id}/orgs/${branch}/indicators/b-first-duty/score`,
        () => ({ points: 1 }),
        'PUT /api/routine-scores/:cycleId/orgs/:orgId/indicators/:key/score',
      ],
      [
        'PUT',
        'routine-scores veto',
        (id) => `/api/routine-scores/${id}/orgs/${branch}/indicators/b-violation/veto`,
        () => ({ applies: false, reason: '复核' }),
        'PUT /api/routine-scores/:cycleId/orgs/:orgId/indicators/:key/veto',
      ],
      [
        'PUT',
        'routine-scores deductions',
        (id) => `/api/routine-scores/${cycle}/orgs/${id}/indicators/b-first-duty/deductions`,
        () => ({ deductions: [] }),
        'PUT /api/routine-scores/:cycleId/orgs/:orgId/indicators/:key/deductions',
      ],
      [
        'PUT',
        'routine-scores evidence',
        (id) => `/api/routine-scores/${id}/orgs/${branch}/indicators/b-first-duty/evidence`,
        () => ({ fileIds: [], ledgerRecordIds: [] }),
        'PUT /api/routine-scores/:cycleId/orgs/:orgId/indicators/:key/evidence',
      ],
      [
        'PUT',
        'spot-checks',
        (id) => `/api/spot-checks/${id}`,
        () => ({ checkedOn: '2025-06-01', checkers: ['王检查'], findings: [] }),
      ],
    );

    /** The ballot page's routes take a code or a receipt, not an id: checked by their own test below. */
    const ballotParams = [
      'GET /api/ballot/:code',
      'POST /api/ballot/:code',
      'GET /api/ballot/receipt/:receipt',
    ];

    it('covers every route with a path parameter', () => {
      // A route with two ids is listed once per id.
      const expected = [
        ...new Set([
          ...withId.map(([method, , url, , key]) => key ?? `${method} ${url(':id')}`),
          ...ballotParams,
        ]),
      ].sort();
      expect(
        registeredRoutes()
          .filter((r) => r.url.includes(':'))
          .map((r) => r.key)
          .sort(),
      ).toEqual(expected);
    });

    it.each(withId)('%s %s with a bad id', async (method, _name, url, body) => {
      await unchanged(async () => {
        for (const id of badIds) {
          const res = await t.request(t.admin, method, url(id), body());
          const error = expectApiError(res, [400, 404]);
          if (res.statusCode === 400) expect(error.code).toBe('VALIDATION_ERROR');
        }
        // An id that could exist but does not.
        expectApiError(await t.request(t.admin, method, url('2147483647'), body()), 404, 'NOT_FOUND');
      });
    });

    it('refuses malformed ballot codes and receipts in Chinese, and answers unknown ones with 404', async () => {
      const ballot = { submissionId: 'f6d0a1c4-1b9e-4f55-9a62-0d6c6c1f3a11', choices: {} };
      await unchanged(async () => {
        for (const code of ['0000-0000-0000', '%00', 'x'.repeat(41), 'AB_CD', '%E4%B8%AD'])
          for (const method of ['GET', 'POST'])
            expectApiError(
              await t.request(null, method, `/api/ballot/${code}`, method === 'POST' ? ballot : undefined),
              400,
              'VALIDATION_ERROR',
            );
        for (const code of ['AAAA', 'AAAA-BBBB-CCCC'])
          for (const method of ['GET', 'POST'])
            expectApiError(
              await t.request(null, method, `/api/ballot/${code}`, method === 'POST' ? ballot : undefined),
              404,
              'BALLOT_CODE_UNKNOWN',
            );
        for (const receipt of ['1', 'abcde-fghij', '12345--67890', '%00'])
          expectApiError(
            await t.request(null, 'GET', `/api/ballot/receipt/${receipt}`),
            400,
            'VALIDATION_ERROR',
          );
      });
    });

    // Each of these was read as a number by the coercion, e.g. `0x1F` as org 31.
    const looseIds = ['0x1F', '1e1', '0b11', '0o7', '+2', '2.0', '%202', '2%20', '02', '1_0'];

    // A job's id is a UUID, not a row id.
    const withRowId = withId.filter(([, name]) => name !== 'job');

    it.each(withRowId)('%s %s with a loosely written id', async (method, _name, url, body) => {
      await unchanged(async () => {
        for (const id of looseIds) {
          const error = expectApiError(
            await t.request(t.admin, method, url(id), body()),
            400,
            'VALIDATION_ERROR',
          );
          expect(error.message, id).toContain('十进制整数');
        }
      });
    });

    it('never reads a loose spelling of an existing id as that id', async () => {
      for (const id of [`0x${town.toString(16)}`, `${town}.0`, `+${town}`, `%20${town}`, `0${town}`])
        expectApiError(await t.request(t.admin, 'GET', `/api/orgs/${id}`), 400, 'VALIDATION_ERROR');
      expectStatus(await t.request(t.admin, 'GET', `/api/orgs/${town}`), 200);
    });
  });

  describe('query parameters', () => {
    // The board and its workbook take the same query: a month YYYY-MM and an org.
    const badBoardQueries = [
      'month=2026-13',
      'month=2026-5',
      'month=202605',
      'month=2026-05-01',
      'month=',
      'orgId=0',
      'orgId=2147483647',
      'foo=1',
    ];
    const cases: Record<string, string[]> = {
      '/api/orgs': [
        'parentId=abc',
        'parentId=0',
        'parentId=-1',
        'parentId=1.5',
        'parentId=2147483648',
        'parentId=99999999999999999999',
        'parentId=1&parentId=2',
        'parentId=0x1',
        'parentId=1e0',
        'parentId=%2B1',
        'parentId=1.0',
        'parentId=%201',
        'parentId=',
        'foo=1',
      ],
      '/api/orgs/search': ['', 'q=', `q=${'x'.repeat(101)}`, 'q=%00', 'q=a%00b', 'q=a&q=b', 'q=x&foo=1'],
      '/api/users': [
        'page=0',
        'page=-1',
        'page=abc',
        'page=1.5',
        'page=1e300',
        'page=99999999999999999999',
        'pageSize=0',
        'pageSize=201',
        'pageSize=abc',
        'orgId=abc',
        'orgId=0',
        'orgId=2147483648',
        'role=root',
        'role=',
        `q=${'x'.repeat(101)}`,
        'q=%00',
        'foo=bar',
      ],
      '/api/events': [`lastEventId=${'1'.repeat(65)}`, 'foo=bar'],
      '/api/audit': [
        'actorId=abc',
        'actorId=0',
        'actorId=2147483648',
        'orgId=2147483648',
        'orgId=-5',
        'from=yesterday',
        'from=2026-02-30T00:00:00Z',
        'from=2016-12-31T23:59:60Z',
        'from=0000-01-01T00:00:00Z',
        'to=0001-01-01T00:00:00%2B01:00',
        'to=9999-12-31T23:59:59-10:00',
        'to=2026-01-01',
        `entityType=${'x'.repeat(41)}`,
        'entityType=%00',
        'action=a%00',
        'page=1e300',
        'pageSize=500',
        'foo=1',
      ],
    };

    Object.assign(cases, {
      '/api/members/roster': [
        'list=all',
        'list=',
        'minAge=-1',
        'minAge=151',
        'minAge=1.5',
        'orgId=abc',
        'orgId=0',
        'includeLeft=maybe',
        'foo=1',
      ],
      '/api/members': [
        'orgId=0x1',
        'page=0x1',
        'pageSize=1e1',
        'orgId=abc',
        'orgId=0',
        'orgId=2147483648',
        'page=0',
        'pageSize=201',
        'stage=member',
        'stage=',
        'includeLeft=maybe',
        'q=',
        `q=${'x'.repeat(51)}`,
        'q=%00',
        'foo=1',
      ],
      '/api/pipeline': [
        'orgId=0x1',
        'asOf=0000-01-01',
        'asOf=2025-02-30',
        'asOf=yesterday',
        'asOf=',
        'orgId=0',
        'orgId=abc',
        'foo=1',
      ],
      '/api/orgs/terms': [
        'orgId=abc',
        'orgId=0',
        'orgId=2147483648',
        'orgId=',
        'foo=1',
        'page=0',
        'pageSize=201',
      ],
      '/api/statistics': [
        'asOf=2025-02-30',
        'asOf=yesterday',
        'asOf=',
        'asOf=1900-01-01',
        `asOf=${'9'.repeat(11)}`,
        'orgId=0',
        'orgId=abc',
        'orgId=2147483648',
        'orgId=',
        'foo=1',
      ],
      '/api/statistics/basics': ['asOf=2025-13-01', 'asOf=%00', 'orgId=-1', 'orgId=1.5', 'foo=1'],
      '/api/statistics/children': ['asOf=2025-02-30', 'asOf=yesterday', 'orgId=0', 'orgId=abc', 'foo=1'],
      '/api/profile-figures': ['orgId=abc', 'orgId=0', 'year=1999', 'year=2100', 'year=abc', 'foo=1'],
      '/api/statistics/batch': [
        '',
        'orgIds=',
        'orgIds=abc',
        'orgIds=0',
        'orgIds=1,,2',
        'orgIds=0x1',
        `orgIds=${Array.from({ length: 201 }, (_, i) => i + 1).join(',')}`,
        'orgIds=1&asOf=2025-02-30',
        'orgIds=1&foo=1',
      ],
      'POST /api/files': ['', 'kind=', 'kind=exe', 'kind=generated', 'kind=attachment&orgId=abc', 'foo=1'],
      '/api/ledger': [
        'orgId=abc',
        'kind=meeting',
        'from=2025-02-30',
        'to=yesterday',
        'memberId=0',
        'page=0',
        'foo=1',
      ],
      '/api/ledger/members': [
        '',
        'orgId=1',
        'day=2025-01-01',
        'orgId=abc&day=2025-01-01',
        'orgId=1&day=2025-13-01',
      ],
      '/api/ledger/training-hours': ['', 'year=1899', 'year=2100', 'year=abc', 'orgId=0&year=2025', 'foo=1'],
      '/api/ledger/member-history': [
        '',
        'memberId=1',
        'memberId=0&year=2025',
        'memberId=abc&year=2025',
        'memberId=1&year=1899',
        'memberId=1&year=2025&foo=1',
      ],
      '/api/target-letters': ['', 'cycleId=abc', 'cycleId=0', 'cycleId=1.5', 'cycleId=1&foo=1'],
      '/api/reports': ['', 'cycleId=abc', 'cycleId=0', 'cycleId=1.5', 'cycleId=1&foo=1'],
      '/api/meetings': ['', 'cycleId=abc', 'cycleId=0', 'cycleId=1.5', 'cycleId=1&foo=1'],
      '/api/meetings/satisfaction-coverage': [
        '',
        'cycleId=abc',
        'cycleId=0',
        'cycleId=1.5',
        'cycleId=1&foo=1',
      ],
      '/api/leader-reviews': ['', 'meetingId=abc', 'meetingId=0', 'meetingId=1.5', 'meetingId=1&foo=1'],
      '/api/reports/problem-drafts': [
        '',
        'cycleId=abc',
        'cycleId=0',
        'cycleId=1.5',
        'reportId=1',
        'cycleId=1&reportId=0',
        'cycleId=1&reportId=abc',
        'cycleId=1&reportId=2147483648',
        'cycleId=1&foo=1',
      ],
      '/api/reports/:id/docx': [
        'version=0',
        'version=abc',
        'version=1.5',
        'version=999',
        'version=',
        'foo=1',
      ],
      'POST /api/reports/:id/import': [
        '',
        'fileName=',
        'fileName=%20',
        `fileName=${'x'.repeat(256)}`,
        'fileName=a.txt&fileName=b.txt',
        'fileName=a.txt&foo=1',
      ],
      '/api/spot-checks': ['', 'cycleId=abc', 'cycleId=0', 'cycleId=0x1', 'cycleId=1&foo=1'],
      '/api/problems': [
        'cycleId=abc',
        'orgId=0',
        'status=done',
        'source=nope',
        'overdue=maybe',
        'page=0',
        'pageSize=201',
        'orgId=2147483647',
        'foo=1',
      ],
      '/api/problems/overdue': [
        'orgId=abc',
        'orgId=0',
        'orgId=2147483648',
        'orgId=1&page=0',
        'orgId=1&pageSize=201',
        'orgId=2147483647',
        'orgId=1&foo=1',
      ],
      '/api/problems/measures': [
        'cycleId=abc',
        'orgId=0',
        'status=done',
        'source=nope',
        'overdue=maybe',
        'page=1',
        'orgId=2147483647',
        'foo=1',
      ],
      '/api/problems/board': badBoardQueries,
      '/api/problems/board.xlsx': badBoardQueries,
      '/api/problems/stats': ['orgId=abc', 'orgId=0', 'orgId=2147483647', 'month=2026-05', 'foo=1'],
      '/api/routine-scores/:cycleId': ['orgId=abc', 'orgId=0', 'orgId=1.5', 'orgId=2147483647', 'foo=1'],
      '/api/exports/members': ['', 'orgId=abc', 'orgId=0', 'orgId=2147483648', 'orgId=', 'foo=1'],
      '/api/exports/orgs': ['', 'orgId=abc', 'orgId=0', 'orgId=1.5', 'orgId=%00', 'foo=1'],
      '/api/cycles': ['orgId=abc', 'orgId=0', 'year=1999', 'year=2098', 'status=done', 'status=', 'foo=1'],
      '/api/cycles/:id/schemes/:audience': [
        'version=0',
        'version=abc',
        'version=1.5',
        'version=999',
        'foo=1',
      ],
      '/api/cycles/:id/schemes/:audience/export': ['version=0', 'version=0x1', 'version=999', 'foo=1'],
      '/api/cycles/:id/problem-candidates': [
        'orgId=abc',
        'orgId=0',
        'orgId=1.5',
        'orgId=2147483648',
        'source=inspection',
        'source=',
        'foo=1',
      ],
      '/api/exports/statistics': [
        '',
        'orgId=1&asOf=2025-02-30',
        'orgId=1&asOf=yesterday',
        'orgId=1&asOf=1900-01-01',
        `orgId=1&asOf=${'9'.repeat(11)}`,
        'orgId=abc',
        'orgId=1&foo=1',
      ],
    });

    it('covers every route that declares a query string', () => {
      expect(Object.keys(cases).sort()).toEqual(
        registeredRoutes()
          .filter((r) => r.hasQuery)
          .map((r) => (r.method === 'GET' ? r.url : r.key))
          .sort(),
      );
    });

    // A key is a GET route's path, or "METHOD path" for another method.
    it.each(Object.entries(cases))('%s', async (key, queries) => {
      const [method, path] = key.includes(' ') ? key.split(' ') : ['GET', key];
      await unchanged(async () => {
        // A route with path parameters is asked about the fixture's cycle.
        const url = path!
          .replace(':id', String(cycle))
          .replace(':cycleId', String(cycle))
          .replace(':audience', 'branch');
        for (const query of queries) {
          const res = await t.request(t.admin, method!, `${url}?${query}`);
          expect(res.statusCode, `${path}?${query}: ${res.body}`).toBeGreaterThanOrEqual(400);
          expect(res.statusCode, `${path}?${query}: ${res.body}`).toBeLessThan(500);
          expectApiError(res, [400, 404]);
        }
      });
    });

    it('still answers good queries at the edges', async () => {
      expectStatus(await t.request(t.admin, 'GET', '/api/users?page=2147483647&pageSize=200'), 200);
      expectStatus(
        await t.request(t.admin, 'GET', '/api/audit?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z'),
        200,
      );
      expectStatus(await t.request(t.admin, 'GET', `/api/orgs/search?q=${encodeURIComponent('%_\\')}`), 200);
      expectApiError(await t.request(t.admin, 'GET', '/api/orgs?parentId=2147483647'), 404, 'NOT_FOUND');
    });
  });

  describe('percent-encoded and other spellings of API paths', () => {
    // Every spelling the router takes to the same route; the gate must hold for each.
    const spellings = (url: string) => [
      url.replace(/^\/api/, '/%61pi'),
      url.replace(/^\/api/, '/ap%69'),
      url.replace(/^\/api\/(.)/, (_m, c: string) => `/api/%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    ];
    const concrete = (url: string) => url.replace(/:[A-Za-z]+/g, '1').replace(/\*$/, 'index.html');

    it('answers every route in every spelling exactly as its plain path, refusing anonymous requests', async () => {
      await unchanged(async () => {
        for (const route of registeredRoutes()) {
          const url = concrete(route.url);
          const plain = await t.request(null, route.method, url);
          expect(plain.statusCode, `${route.key}: ${plain.body}`).toBeLessThan(500);
          if (!route.access?.public) expectApiError(plain, 401, 'UNAUTHENTICATED');
          for (const spelled of spellings(url)) {
            const res = await t.request(null, route.method, spelled);
            expect(res.statusCode, `${route.method} ${spelled}: ${res.body}`).toBe(plain.statusCode);
            if (!route.access?.public) expectApiError(res, 401, 'UNAUTHENTICATED');
            if (route.method === 'GET')
              expect((await t.request(null, 'HEAD', spelled)).statusCode, `HEAD ${spelled}`).toBe(
                plain.statusCode,
              );
          }
        }
      });
    });

    it('never answers an API path with the web app, in any spelling', async () => {
      const webRoot = await mkdtemp(path.join(os.tmpdir(), 'shuping-web-'));
      await writeFile(path.join(webRoot, 'index.html'), '<!doctype html><title>述评</title>');
      const web = await buildApp({
        database: t.database,
        config: { secureCookies: false, sessionTtlHours: 12, webRoot },
      });
      try {
        expect((await web.inject('/members/roster')).headers['content-type']).toMatch(/text\/html/);
        for (const url of ['/api/no-such', '/%61pi/no-such', '/API/orgs', '//api/orgs', '/api', '/%2Fapi/x'])
          expectApiError(await web.inject(url), 404, 'NOT_FOUND');
      } finally {
        await web.close();
        await rm(webRoot, { recursive: true });
      }
    });

    it('checks CSRF on every spelling of a state-changing route', async () => {
      const noCsrf = { ...t.admin, csrfToken: '' };
      await unchanged(async () => {
        for (const route of registeredRoutes().filter((r) => !r.access?.public && r.method !== 'GET'))
          for (const spelled of spellings(concrete(route.url)))
            expectApiError(await t.request(noCsrf, route.method, spelled), 403, 'CSRF_TOKEN_INVALID');
      });
    });
  });

  describe("Fastify's and Node's own refusals, in the error model", () => {
    it('answers an undecodable URL and an over-long path parameter in Chinese', async () => {
      for (const url of ['/api/orgs/%E0%A4%A', '/%61pi/orgs/%zz', '/api/members/%C0%AF'])
        expectApiError(await t.request(t.admin, 'GET', url), 400, 'BAD_URL');
      expectApiError(
        await t.request(t.admin, 'GET', `/api/orgs/${'1'.repeat(101)}`),
        414,
        'PATH_PARAM_TOO_LONG',
      );
      expectApiError(
        await t.request(null, 'PATCH', `/api/orgs/1/pairings/${'9'.repeat(500)}`),
        414,
        'PATH_PARAM_TOO_LONG',
      );
    });

    it('answers oversized headers and a malformed request line in Chinese, over a real socket', async () => {
      const app = await buildApp({
        database: t.database,
        config: { secureCookies: false, sessionTtlHours: 12, webRoot: undefined },
      });
      try {
        await app.listen({ host: '127.0.0.1', port: 0 });
        const { port } = app.server.address() as AddressInfo;
        const raw = (text: string) =>
          new Promise<string>((resolve, reject) => {
            const socket = connect(port, '127.0.0.1', () => socket.end(text));
            let answer = '';
            socket.setEncoding('utf8');
            socket.on('data', (chunk: string) => (answer += chunk));
            socket.on('close', () => resolve(answer));
            socket.on('error', reject);
          });
        const cases: [string, number, string][] = [
          [
            `GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
            431,
            'HEADERS_TOO_LARGE',
          ],
          ['NOT HTTP AT ALL\r\n\r\n', 400, 'BAD_REQUEST'],
          ['GET /api/health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 400, 'BAD_REQUEST'],
        ];
        for (const [request, status, code] of cases) {
          const answer = await raw(request);
          expect(answer, answer).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
          const [head, body] = answer.split('\r\n\r\n') as [string, string];
          expect(head).toMatch(/content-type: application\/json/i);
          const error = JSON.parse(body) as { code: string; message: string };
          expect(error.code).toBe(code);
          expect(error.message).toMatch(chinese);
        }
      } finally {
        await app.close();
      }
    });
  });

  it('answers an unknown API path with a Chinese 404', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const res = await t.request(t.admin, method, '/api/no-such-thing');
      expectApiError(res, 404, 'NOT_FOUND');
    }
  });
});
