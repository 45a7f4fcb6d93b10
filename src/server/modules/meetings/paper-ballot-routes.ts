import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponse, IdParams, NoContent } from '../../../contract/common.js';
import {
  PaperCorrectionInput,
  PaperCountResult,
  PaperEntryInput,
  PaperSerialParams,
  PaperSheet,
  PaperSheetList,
} from '../../../contract/paper-ballots.js';
import { actorOf } from '../../http/route-config.js';
import type { PaperBallotService } from './paper-ballots.js';

const tags = ['meetings'];
const write = { permission: 'cycle.write' } as const;

/** /api/meetings/:id/paper-ballots: 纸质票, entered twice by two users, reconciled, then counted. */
export const paperBallotRoutes: FastifyPluginAsyncTypebox<{ paper: PaperBallotService }> = async (
  app,
  { paper },
) => {
  app.get(
    '/:id/paper-ballots',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '纸质票核对清单（未计入的，按测评码编号）',
        params: IdParams,
        response: { 200: PaperSheetList, '4xx': ErrorResponse },
      },
    },
    async (request) => paper.list(actorOf(request), request.params.id),
  );

  app.post(
    '/:id/paper-ballots',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '录入一张纸质票（第一次或第二次录入由已有录入决定，两次须由不同的人录入）',
        params: IdParams,
        body: PaperEntryInput,
        response: { 201: PaperSheet, '4xx': ErrorResponse },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await paper.enter(actorOf(request), request.params.id, request.body)),
  );

  app.put(
    '/:id/paper-ballots/:serial',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '修改本人对一张纸质票的录入',
        params: PaperSerialParams,
        body: PaperCorrectionInput,
        response: { 200: PaperSheet, '4xx': ErrorResponse },
      },
    },
    async (request) =>
      paper.correct(actorOf(request), request.params.id, request.params.serial, request.body),
  );

  app.post(
    '/:id/paper-ballots/count',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '把两次录入一致的纸质票计入测评票（一次完成，计入后不再保留编号与选择的对应）',
        params: IdParams,
        response: { 200: PaperCountResult, '4xx': ErrorResponse },
      },
    },
    async (request) => paper.count(actorOf(request), request.params.id),
  );

  app.delete(
    '/:id/paper-ballots',
    {
      config: { access: write },
      schema: {
        tags,
        summary: '放弃全部未计入的纸质票录入',
        params: IdParams,
        response: { 204: NoContent, '4xx': ErrorResponse },
      },
    },
    async (request, reply) => {
      await paper.discard(actorOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
};
