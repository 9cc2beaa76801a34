import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { page } from '../../contract/common.js';
import { customerSchema, type Customer } from '../../contract/customers.js';
import { toCustomer, writableColumns } from '../modules/customers/customers.repository.js';
import { compileFastSerializer, serializationSchema } from './fast-serializer.js';

/** What the zod serializer (fastify-type-provider-zod) answers: parse, then JSON.stringify. */
const viaZod = (schema: z.ZodType, data: unknown) => JSON.stringify(schema.parse(data));
/** The same JSON value (fast-json-stringify writes required properties first: only the key order may differ). */
const same = (fast: string, zod: string) => {
  expect(JSON.parse(fast)).toStrictEqual(JSON.parse(zod));
  expect(fast.length).toBe(zod.length);
};

const full: Customer = {
  id: '12', archiveNo: 'KH-2026-000012', name: '上海"引号"\\测试\n有限公司', customerType: 'direct', abcClass: 'A', creditGrade: 'AA', tier: 'key',
  secrecyLevel: 'secret', lifecycle: 'active', ownerId: '7', ownerName: '张三', departmentId: '3', version: 4,
  createdAt: '2026-01-02T03:04:05.000Z', updatedAt: '2026-02-03T04:05:06.000Z', revisionCount: 3, withheld: ['personal'],
  viewOnly: true, watermark: false, accessVia: 'owner', shortName: '测试', filedOn: '2026-01-02', source: 'web', referredBy: '5',
  address: '浦东新区 1 号', postalCode: '200120', region: '310115', phone: '021-12345678', fax: null, email: 'a@b.cn',
  website: 'https://x.cn', qq: '123456', wechat: 'wx', creditCode: null, foundedOn: '2001-02-03',
  registeredCapital: '1000000.50', shareholders: ['甲', '乙'], bankName: '工行', bankAccount: '6222 0000 0000 1234',
  employeeCount: 120, domesticStaff: 100, foreignStaff: 0, companyNature: 'private_ltd', industry: '制造', industryPosition: 'leader',
  mainBusiness: 'x', additionalBusiness: null, mainProducts: 'y', purchasedVarieties: null, downstreamMarket: null,
  salesLast3Years: { '2024': '1.00', '2025': '2.50' }, cooperationSince: '2020-01-01', orgStructure: null, relatedCompanies: ['丙'],
  culture: null, developments: null, advantages: 'a', disadvantages: 'b', countermeasures: 'c', potentialNeeds: 'd', remarks: 'e',
  category: 'vip', status: 'contracted', stage: 'contract', importance: 'important', tags: ['重点', 'x'],
  custom: { grade: 'gold', score: 3.5, picks: ['a', 'b'], empty: null },
} as Customer;

const nullable = Object.keys(full).filter((k) => customerSchema.shape[k as keyof typeof customerSchema.shape].safeParse(null).success);
const optional = Object.keys(full).filter((k) => customerSchema.shape[k as keyof typeof customerSchema.shape].safeParse(undefined).success);

describe('PLT-7 fast response serialisation', () => {
  const one = compileFastSerializer(customerSchema);
  const list = compileFastSerializer(page(customerSchema));

  it('PLT-7 a customer and a page of them come out as the same JSON as with the zod serializer, whatever fields are empty', () => {
    same(one(full), viaZod(customerSchema, full));
    fc.assert(
      fc.property(fc.subarray(nullable), fc.subarray(optional), fc.option(fc.string(), { nil: null }), (nulls, absent, cursor) => {
        const c: Record<string, unknown> = { ...full };
        for (const k of nulls) c[k] = null;
        for (const k of absent) c[k] = undefined;
        same(one(c), viaZod(customerSchema, c));
        const p = { items: [c, full], nextCursor: cursor };
        same(list(p), viaZod(page(customerSchema), p));
      }),
      { numRuns: 200 },
    );
  });

  it('PLT-7 SEC-4 a field the contract does not name never leaves the server', () => {
    const leaky = { ...full, password_hash: 'x', bank_account_sealed: 'y', internal: { a: 1 } };
    const out = JSON.parse(one(leaky)) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(Object.keys(JSON.parse(viaZod(customerSchema, leaky)) as object).sort());
    expect(out).not.toHaveProperty('password_hash');
    expect(out).not.toHaveProperty('internal');
  });

  it('PLT-7 a response missing a required field fails as it did with zod', () => {
    const { archiveNo: _gone, ...broken } = full;
    expect(() => viaZod(customerSchema, broken)).toThrow();
    expect(() => one(broken)).toThrow();
  });

  it('PLT-7 the serialisation schema keeps types and shapes only: a nullable scalar is a type pair, a union of shapes is written as it is', () => {
    expect(serializationSchema({ anyOf: [{ type: 'string', enum: ['a'], pattern: 'x' }, { type: 'null' }] })).toEqual({ type: ['string', 'null'] });
    expect(serializationSchema({ anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }] })).toEqual({});
    expect(serializationSchema({ type: 'object', properties: { a: { type: 'integer', minimum: 0 } }, required: ['a'], additionalProperties: false })).toEqual({ type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] });
    expect(serializationSchema({ type: 'array', items: { type: 'string', maxLength: 3 } })).toEqual({ type: 'array', items: { type: 'string' } });
  });

  it('PLT-7 toCustomer names every writable field of the archive (one object literal, no field forgotten)', () => {
    const row: Record<string, unknown> = { id: '1', archive_no: 'KH-2026-000001', name: 'x', customer_type: 'direct', filed_on: '2026-01-01', secrecy_level: 'none', lifecycle: 'active', owner_id: '2', owner_name: 'y', department_id: '3', version: 1, created_at: new Date(0), updated_at: new Date(0), revision_count: 0, bank_account: null, tags: [] };
    const c = toCustomer(row as never);
    for (const field of Object.keys(writableColumns)) expect(c, field).toHaveProperty(field);
    same(one(c), viaZod(customerSchema, c));
  });
});
