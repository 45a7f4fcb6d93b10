import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../../../contract/common.js';
import {
  ProfileFigures,
  ProfileFiguresInput,
  ProfileFiguresParams,
} from '../../../contract/profile-figures.js';
import { actorOf } from '../../http/route-config.js';
import type { ProfileFigureService } from './service.js';

const tags = ['profile-figures'];

export const profileFigureRoutes: FastifyPluginAsyncTypebox<{ profiles: ProfileFigureService }> = async (
  app,
  { profiles },
) => {
  app.get(
    '/',
    {
      config: { access: { permission: 'org.read' } },
      schema: {
        tags,
        summary: '组织某年度的基本情况填报数据（本级填报及下级汇总）',
        querystring: ProfileFiguresParams,
        response: { 200: ProfileFigures, '4xx': ErrorResponse },
      },
    },
    async (request) => profiles.list(actorOf(request), request.query),
  );

  app.put(
    '/',
    {
      config: { access: { permission: 'profile.write' } },
      schema: {
        tags,
        summary: '填报或修改组织某年度的基本情况数据（null 删除该项）',
        body: ProfileFiguresInput,
        response: { 200: ProfileFigures, '4xx': ErrorResponse },
      },
    },
    async (request) => profiles.save(actorOf(request), request.body),
  );
};
