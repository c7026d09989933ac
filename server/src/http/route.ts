import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { SessionUser } from '../modules/auth/auth.types.js';
import { badRequest, forbidden, unauthorized } from './errors.js';
import { NUL_CHARACTER_MESSAGE, pathOfNulCharacter } from './nul-character.js';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Role = SessionUser['role'];
/** `public`: anyone; `user`: any signed-in user; a list: signed-in users with one of these roles. */
export type Access = 'public' | 'user' | readonly Role[];

export interface RouteContext<Body, Query, Params> {
  req: Request;
  res: Response;
  body: Body;
  query: Query;
  params: Params;
  user: SessionUser | null;
}

export interface RouteSpec<
  B extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  P extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  /** Express-style path relative to /api, e.g. `/shelters/:id`. */
  path: string;
  summary: string;
  tags: string[];
  access: Access;
  body?: B;
  query?: Q;
  params?: P;
  response: R;
  /** Content type of the response, when it is not JSON. */
  responseContentType?: string;
  successStatus?: number;
  /**
   * The handler resolves the session itself, in the same statement as its work (one database
   * round trip less on a hot read): it gets `user: null` and must refuse a caller without a live
   * session itself. Only for reads (writes check the CSRF token against the session first).
   */
  resolvesSessionItself?: boolean;
  handler: (ctx: RouteContext<z.output<B>, z.output<Q>, z.output<P>>) => Promise<z.input<R> | undefined>;
}

/** Set by the session middleware (modules/auth/auth.middleware.ts) for every /api request. */
async function sessionUserOf(res: Response): Promise<SessionUser | null> {
  const lookup = res.locals.sessionUser as (() => Promise<SessionUser | null>) | undefined;
  return lookup ? lookup() : null;
}

function authorize(access: Access, user: SessionUser | null): void {
  if (access === 'public') return;
  if (!user) throw unauthorized();
  if (access !== 'user' && !access.includes(user.role)) throw forbidden();
}

function parseOrThrow<T extends z.ZodType>(
  schema: T | undefined,
  value: unknown,
  where: string,
): z.output<T> {
  if (!schema) return undefined as z.output<T>;
  const nul = pathOfNulCharacter(value, where);
  if (nul) {
    throw badRequest('invalid_character', `Invalid ${where}: ${nul} ${NUL_CHARACTER_MESSAGE}.`, [
      { path: nul, message: NUL_CHARACTER_MESSAGE },
    ]);
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw badRequest(
      'validation_failed',
      `Invalid ${where}: ${result.error.issues.map((issue) => `${[where, ...issue.path].join('.')}: ${issue.message}`).join('; ')}`,
      result.error.issues.map((issue) => ({
        path: [where, ...issue.path].join('.'),
        message: issue.message,
      })),
    );
  }
  return result.data;
}

/**
 * An Express router that knows its routes: validation, access control and the OpenAPI entry of
 * each route come from one spec, so the OpenAPI document can never miss a route.
 */
export class ApiRouter {
  readonly router = Router();
  readonly specs: RouteSpec[] = [];

  route<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, R extends z.ZodType>(
    spec: RouteSpec<B, Q, P, R>,
  ): void {
    this.specs.push(spec);
    mount(this.router, spec);
  }
}

function mount<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType, R extends z.ZodType>(
  router: Router,
  spec: RouteSpec<B, Q, P, R>,
): void {
  router[spec.method](spec.path, async (req: Request, res: Response) => {
    const user = spec.resolvesSessionItself ? null : await sessionUserOf(res);
    if (!spec.resolvesSessionItself) authorize(spec.access, user);
    const body = parseOrThrow(spec.body, req.body ?? {}, 'body');
    const query = parseOrThrow(spec.query, req.query, 'query');
    const params = parseOrThrow(spec.params, req.params, 'params');
    const result = await spec.handler({ req, res, body, query, params, user });
    if (res.headersSent) return;
    const status = spec.successStatus ?? 200;
    if (result === undefined) {
      res.status(status === 200 ? 204 : status).end();
      return;
    }
    if (spec.responseContentType) {
      res.status(status).type(spec.responseContentType).send(result);
      return;
    }
    res.status(status).json(result);
  });
}
