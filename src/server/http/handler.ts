/** What a route handler receives and returns; handlers are keyed by the contract's route names. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Readable } from 'node:stream';
import type { z } from 'zod';
import type { RouteName, Routes } from '../../contract/routes.js';
import type { Config } from '../config.js';
import type { DB } from '../db/schema.js';
import type { Actor } from '../modules/audit/audit.types.js';
import type { Principal } from '../modules/auth/principal.js';

type Out<T> = T extends z.ZodType ? z.infer<T> : undefined;
type Part<N extends RouteName, K extends string> = Routes[N] extends { [P in K]: infer S } ? Out<S> : undefined;

export type FileResult = { file: Readable; filename: string; contentType: string; size?: number; disposition?: 'attachment' | 'inline' };
/** A print-ready page rendered on the server (ARC-13). */
export type HtmlResult = { html: string };

export type Ctx<N extends RouteName> = {
  params: Part<N, 'params'>;
  query: Part<N, 'query'>;
  body: Part<N, 'body'>;
  principal: Routes[N]['auth'] extends 'public' ? null : Principal;
  actor: Actor;
  db: Kysely<DB>;
  config: Config;
  req: FastifyRequest;
  reply: FastifyReply;
};

export type Result<N extends RouteName> = Routes[N]['response']['schema'] extends z.ZodType
  ? z.infer<Routes[N]['response']['schema']>
  : Routes[N]['response']['schema'] extends 'html'
    ? HtmlResult
    : FileResult;

export type Handlers = { [N in RouteName]: (ctx: Ctx<N>) => Promise<Result<N>> };
export type HandlersOf<K extends RouteName> = Pick<Handlers, K>;
