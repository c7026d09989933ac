import { z } from 'zod';
import { buildOpenApiDocument } from '../../http/openapi.js';
import type { ServerModule } from '../server-module.js';
import { systemRoutes } from './system.routes.js';

/** Public settings and the server's version and health for the client and operators. */
export const systemModule: ServerModule = {
  name: 'system',
  register({ api, db, config, version }) {
    systemRoutes(api, { db, config, version });
  },
};

/** The OpenAPI document of every route registered before it: the last module of the list. */
export const openApiModule: ServerModule = {
  name: 'openapi',
  register({ api, version }) {
    api.route({
      method: 'get',
      path: '/openapi.json',
      summary: 'This OpenAPI 3.1 document',
      tags: ['system'],
      access: 'public',
      response: z.record(z.string(), z.unknown()),
      handler: () => Promise.resolve(buildOpenApiDocument(api.specs, version)),
    });
  },
};
