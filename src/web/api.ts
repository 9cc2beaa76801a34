/**
 * The typed API client: every call goes through the route table in contract/routes.ts,
 * so a path, body or query that does not match the contract does not compile.
 */
import type { ErrorCode, FieldError } from '../contract/errors.js';
import {
  routes,
  type RouteBody,
  type RouteName,
  type RouteParams,
  type RouteQuery,
  type RouteResult,
} from '../contract/routes.js';

/** `network`: the server could not be reached or answered something that is not a problem document. */
export type ApiErrorCode = ErrorCode | 'network';

export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly title: string;
  readonly detail: string | undefined;
  readonly rule: string | undefined;
  readonly errors: FieldError[];

  constructor(init: {
    status: number;
    code: ApiErrorCode;
    title: string;
    detail?: string | undefined;
    rule?: string | undefined;
    errors?: FieldError[] | undefined;
  }) {
    super(init.detail ?? init.title);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.rule = init.rule;
    this.errors = init.errors ?? [];
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;

type Part<K extends string, T> = [T] extends [undefined]
  ? { [P in K]?: undefined }
  : object extends T
    ? { [P in K]?: T }
    : { [P in K]: T };

export type CallInput<N extends RouteName> = Part<'params', RouteParams<N>> &
  Part<'query', RouteQuery<N>> &
  Part<'body', RouteBody<N>>;

type CallArgs<N extends RouteName> = object extends CallInput<N> ? [input?: CallInput<N>] : [input: CallInput<N>];

let onUnauthorized: () => void = () => {
  if (window.location.pathname !== '/login') window.location.assign('/login');
};

/** The app replaces the default full reload with a router navigation. */
export const setUnauthorizedHandler = (handler: () => void): void => {
  onUnauthorized = handler;
};

const fillPath = (path: string, params: Record<string, unknown> | undefined): string =>
  path.replace(/:([A-Za-z]+)/g, (_, key: string) => {
    const value = params?.[key];
    if (value === undefined || value === null) throw new Error(`Missing path parameter ${key} for ${path}`);
    return encodeURIComponent(String(value));
  });

const toSearch = (query: Record<string, unknown> | undefined): string => {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, String(v));
    else search.set(key, String(value));
  }
  const s = search.toString();
  return s ? `?${s}` : '';
};

/** The URL of a route, e.g. for a download link opened by the browser. */
export const routeUrl = <N extends RouteName>(name: N, input?: CallInput<N>): string => {
  const route = routes[name];
  const params = input?.params as Record<string, unknown> | undefined;
  const query = input?.query as Record<string, unknown> | undefined;
  return fillPath(route.path, params) + toSearch(query);
};

const readProblem = async (response: Response): Promise<ApiError> => {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Record<string, unknown>;
      if (typeof body['code'] === 'string') {
        return new ApiError({
          status: response.status,
          code: body['code'] as ErrorCode,
          title: typeof body['title'] === 'string' ? body['title'] : response.statusText,
          detail: typeof body['detail'] === 'string' ? body['detail'] : undefined,
          rule: typeof body['rule'] === 'string' ? body['rule'] : undefined,
          errors: Array.isArray(body['errors']) ? (body['errors'] as FieldError[]) : undefined,
        });
      }
    } catch {
      // fall through to the generic error below
    }
  }
  return new ApiError({ status: response.status, code: 'network', title: response.statusText || 'HTTP error' });
};

export const call = async <N extends RouteName>(name: N, ...[input]: CallArgs<N>): Promise<RouteResult<N>> => {
  const route = routes[name];
  const url = routeUrl(name, input);
  const hasBody = 'body' in route;
  const body = hasBody ? JSON.stringify(input?.body ?? {}) : undefined;
  let response: Response;
  try {
    response = await fetch(url, {
      method: route.method,
      credentials: 'same-origin',
      headers: { accept: 'application/json, application/problem+json', ...(hasBody ? { 'content-type': 'application/json' } : {}) },
      body,
    });
  } catch (e) {
    throw new ApiError({ status: 0, code: 'network', title: e instanceof Error ? e.message : 'Network error' });
  }
  if (!response.ok) {
    const error = await readProblem(response);
    // A failed sign-in is an answer to show, not a lost session.
    if (response.status === 401 && name !== 'login') onUnauthorized();
    throw error;
  }
  if (route.response.schema === 'file') return (await response.blob()) as RouteResult<N>;
  if (route.response.schema === 'html') return (await response.text()) as unknown as RouteResult<N>;
  if (response.status === 204) return undefined as unknown as RouteResult<N>;
  return (await response.json()) as RouteResult<N>;
};

/** Routes that take a multipart/form-data upload (`multipart` in the route table). */
export type UploadRouteName = { [N in RouteName]: (typeof routes)[N] extends { multipart: object } ? N : never }[RouteName];

/** Uploads a file with its text fields to a multipart route; the browser streams the file. */
export const upload = async <N extends UploadRouteName>(name: N, input: { params: RouteParams<N>; fields?: Record<string, string | undefined>; file: Blob; fileName?: string }): Promise<RouteResult<N>> => {
  const route = routes[name];
  const form = new FormData();
  // text fields first, then the file: the server can check them before the upload has arrived
  for (const [k, v] of Object.entries(input.fields ?? {})) if (v !== undefined && v !== '') form.append(k, v);
  form.append('file', input.file, input.fileName ?? (input.file instanceof File ? input.file.name : 'upload'));
  let response: Response;
  try {
    response = await fetch(fillPath(route.path, input.params as unknown as Record<string, unknown>), { method: route.method, credentials: 'same-origin', headers: { accept: 'application/json, application/problem+json' }, body: form });
  } catch (e) {
    throw new ApiError({ status: 0, code: 'network', title: e instanceof Error ? e.message : 'Network error' });
  }
  if (!response.ok) {
    const error = await readProblem(response);
    if (response.status === 401) onUnauthorized();
    throw error;
  }
  return (await response.json()) as RouteResult<N>;
};
