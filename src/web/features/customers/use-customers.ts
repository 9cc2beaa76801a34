/** Customer queries and the create call that can answer "possible duplicates" (ARC-10). */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { z } from 'zod';
import { duplicateSchema, type CreateCustomerInput, type Customer, type CustomerListQuery } from '../../../contract/customers.js';
import type { FieldError } from '../../../contract/errors.js';
import { ApiError, call, routeUrl, type ApiErrorCode } from '../../api.js';

export const customersKey = ['customers'] as const;
export const customerKey = (id: string) => [...customersKey, 'one', id] as const;

/** The list filters: everything of the list query except paging and sort. */
export type CustomerFilters = Omit<CustomerListQuery, 'limit' | 'cursor' | 'sort'>;

const clean = (filters: CustomerFilters): CustomerFilters =>
  Object.fromEntries(
    // A region prefix is sent once it is a valid one (2–6 digits), not while it is being typed.
    Object.entries(filters).filter(([k, v]) => v !== undefined && v !== '' && (k !== 'region' || /^\d{2,6}$/.test(String(v)))),
  ) as CustomerFilters;

export const useCustomerList = (filters: CustomerFilters, sort: string | undefined, cursor: string | undefined, limit: number) =>
  useQuery({
    queryKey: [...customersKey, 'list', clean(filters), sort ?? null, cursor ?? null, limit],
    queryFn: () => call('listCustomers', { query: { limit, ...clean(filters), ...(sort ? { sort } : {}), ...(cursor ? { cursor } : {}) } }),
    placeholderData: keepPreviousData,
  });

export const useCustomerCount = (filters: CustomerFilters) =>
  useQuery({
    queryKey: [...customersKey, 'count', clean(filters)],
    queryFn: () => call('countCustomers', { query: clean(filters) }),
    placeholderData: keepPreviousData,
  });

export const useCustomer = (id: string) => useQuery({ queryKey: customerKey(id), queryFn: () => call('getCustomer', { params: { id } }) });

export type Duplicate = z.infer<typeof duplicateSchema>;
export type CreateResult = { created: Customer } | { duplicates: Duplicate[] };

const duplicatesBody = z.object({ code: z.literal('conflict'), duplicates: z.array(duplicateSchema).min(1) });
const problemBody = z.object({
  code: z.string(),
  title: z.string().optional(),
  detail: z.string().optional(),
  rule: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

/**
 * POST /customers. The typed `call()` keeps only the standard problem fields, and a 409 here
 * carries `duplicates`, so this one call reads the problem itself (same URL from the route table).
 */
export const createCustomer = async (body: CreateCustomerInput): Promise<CreateResult> => {
  let response: Response;
  try {
    response = await fetch(routeUrl('createCustomer'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { accept: 'application/json, application/problem+json', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError({ status: 0, code: 'network', title: e instanceof Error ? e.message : 'Network error' });
  }
  if (response.ok) return { created: (await response.json()) as Customer };
  const json: unknown = await response.json().catch(() => null);
  const dup = duplicatesBody.safeParse(json);
  if (response.status === 409 && dup.success) return { duplicates: dup.data.duplicates };
  if (response.status === 401) {
    // Same as call(): a lost session goes back to sign-in.
    window.location.assign('/login');
  }
  const problem = problemBody.safeParse(json);
  if (!problem.success) throw new ApiError({ status: response.status, code: 'network', title: response.statusText || 'HTTP error' });
  const p = problem.data;
  throw new ApiError({
    status: response.status,
    code: p.code as ApiErrorCode,
    title: p.title ?? response.statusText,
    detail: p.detail,
    rule: p.rule,
    errors: p.errors as FieldError[] | undefined,
  });
};
