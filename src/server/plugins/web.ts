import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { isApiPath } from '../http/api-path.js';
import { sendNotFound } from './errors.js';

/**
 * Serves the built web app and answers unknown non-API paths with index.html so the client router
 * can handle deep links. Without a build (API-only tests) every unknown path is a JSON 404.
 */
export default fp(
  async function webPlugin(app: FastifyInstance, opts: { webRoot: string | undefined }) {
    const webRoot = opts.webRoot;
    const hasWeb = webRoot !== undefined && fs.existsSync(path.join(webRoot, 'index.html'));
    if (hasWeb) {
      await app.register(fastifyStatic, {
        root: webRoot,
        wildcard: false,
        setHeaders(res, filePath) {
          // Vite names assets by content hash; index.html must always be fetched fresh.
          res.setHeader(
            'cache-control',
            filePath.includes(`${path.sep}assets${path.sep}`)
              ? 'public, max-age=31536000, immutable'
              : 'no-cache',
          );
        },
      });
    }
    app.setNotFoundHandler((request, reply) => {
      if (hasWeb && request.method === 'GET' && !isApiPath(request.url)) {
        const file = request.url.split('?')[0]!.slice(1);
        // Files that exist are sent as they are; every other path is a client route.
        if (
          file &&
          !file.includes('..') &&
          fs.existsSync(path.join(webRoot, file)) &&
          fs.statSync(path.join(webRoot, file)).isFile()
        ) {
          return reply.sendFile(file);
        }
        return reply.header('cache-control', 'no-cache').sendFile('index.html');
      }
      return sendNotFound(request, reply);
    });
  },
  { name: 'web' },
);
