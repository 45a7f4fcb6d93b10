import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { healthMetaName, type Health } from '../../contract/health.js';
import { isApiPath } from '../http/api-path.js';
import { sendNotFound } from './errors.js';

const escapeAttribute = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Serves the built web app and answers unknown non-API paths with index.html so the client router
 * can handle deep links. Without a build (API-only tests) every unknown path is a JSON 404.
 * index.html carries the health answer (version, database) the footer shows, so no page load
 * spends a request on it.
 */
export default fp(
  async function webPlugin(app: FastifyInstance, opts: { webRoot: string | undefined; health: Health }) {
    const webRoot = opts.webRoot;
    const hasWeb = webRoot !== undefined && fs.existsSync(path.join(webRoot, 'index.html'));
    const indexHtml = hasWeb
      ? fs
          .readFileSync(path.join(webRoot, 'index.html'), 'utf8')
          .replace(
            '</head>',
            `<meta name="${healthMetaName}" content="${escapeAttribute(JSON.stringify(opts.health))}" /></head>`,
          )
      : '';
    // The panelists' ballot pages ask for no session: without the preload of /api/auth/me, a phone
    // that is signed in elsewhere in the app sends its cookie nowhere while voting.
    const ballotHtml = indexHtml.replace(/<link rel="preload" href="\/api\/auth\/me"[^>]*>\s*/, '');
    if (hasWeb) {
      await app.register(fastifyStatic, {
        root: webRoot,
        index: false,
        // index.html goes out only with the health answer in it (below).
        allowedPath: (pathName) => pathName !== '/index.html',
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
          file !== 'index.html' &&
          !file.includes('..') &&
          fs.existsSync(path.join(webRoot, file)) &&
          fs.statSync(path.join(webRoot, file)).isFile()
        ) {
          return reply.sendFile(file);
        }
        const ballot = /^\/ballot(\/|\?|$)/.test(request.url);
        return reply
          .header('cache-control', 'no-cache')
          .type('text/html; charset=utf-8')
          .send(ballot ? ballotHtml : indexHtml);
      }
      return sendNotFound(request, reply);
    });
  },
  { name: 'web' },
);
