import { z } from 'zod';
import type { RouteSpec } from './route.js';

type JsonSchema = Record<string, unknown>;

const errorSchema = z.object({
  error: z.object({ id: z.string(), message: z.string(), details: z.unknown().optional() }),
});

function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  });
  return rest;
}

/** `/shelters/:id` → `/api/shelters/{id}` */
function openApiPath(path: string): string {
  return `/api${path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`;
}

function parametersFor(spec: RouteSpec, location: 'query' | 'path'): JsonSchema[] {
  const schema = location === 'query' ? spec.query : spec.params;
  if (!schema) return [];
  const json = toSchema(schema, 'input');
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || required.has(name),
    schema: property,
  }));
}

function operationFor(spec: RouteSpec): JsonSchema {
  const success = String(spec.successStatus ?? 200);
  const contentType = spec.responseContentType ?? 'application/json';
  const errorResponse = {
    description: 'Error',
    content: { 'application/json': { schema: toSchema(errorSchema, 'output') } },
  };
  return {
    summary: spec.summary,
    tags: spec.tags,
    ...(spec.access === 'public' ? { security: [] } : {}),
    parameters: [...parametersFor(spec, 'path'), ...parametersFor(spec, 'query')],
    ...(spec.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: toSchema(spec.body, 'input') } },
          },
        }
      : {}),
    responses: {
      [success]: {
        description: 'Success',
        content: { [contentType]: { schema: toSchema(spec.response, 'output') } },
      },
      '4XX': errorResponse,
      '5XX': errorResponse,
    },
  };
}

export function buildOpenApiDocument(specs: readonly RouteSpec[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const spec of specs) {
    const path = openApiPath(spec.path);
    paths[path] ??= {};
    paths[path][spec.method] = operationFor(spec);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Disaster support and evacuation API',
      version,
      description:
        'Cookie-authenticated writes need the X-CSRF-Token header returned by /api/auth/login and /api/me.',
    },
    components: {
      securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sid' } },
    },
    security: [{ session: [] }],
    paths,
  };
}
