/** ARC-3 客户关系卡 of important customers, listed on their own (seed 000 客户关系维护 §二). */
import { z } from 'zod';
import { cursorSchema, limitSchema, page } from './common.js';
import { contactSchema, customerSchema } from './customers.js';
import { def } from './route-def.js';

export const relationshipCardsQuery = z.strictObject({ limit: limitSchema, cursor: cursorSchema.optional() });
export const relationshipCardsItem = z.object({
  customer: customerSchema,
  contacts: z.array(contactSchema).describe('Empty when the contacts group is withheld from the caller (`customer.withheld` says so); personal fields masked as on the contacts tab'),
});

export const relationshipCardRoutes = {
  listRelationshipCards: def({
    method: 'GET', path: '/api/v1/relationship-cards', tag: 'customers', auth: 'signedIn',
    summary: 'Relationship cards (客户关系卡) of important customers, listed on their own (ARC-3)',
    description: 'Important customers: big or key tier, ABC class A, importance important or very important, or category VIP — those the caller may read (SEC-2), newest first, each with its contacts as the caller may see them (SEC-4; mobiles masked).',
    query: relationshipCardsQuery, response: { status: 200, schema: page(relationshipCardsItem) },
  }),
} as const;
