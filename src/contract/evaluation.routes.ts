/** Evaluation routes (spec 03): credit preview, scorecards, payments, evaluation rounds, evaluations, grade changes, ABC, relationship evaluations. */
import { z } from 'zod';
import { idParams, page } from './common.js';
import { customerPathParams } from './customers.js';
import {
  abcConfigSchema, abcDistributionSchema, abcEntrySchema, abcExportQuery, abcListQuery, abcOverrideBody, abcWithdrawBody,
  createPaymentBody, createRelationshipBody, creditPreviewBody, creditPreviewSchema, evaluationActionSchema, evaluationDetailSchema,
  evaluationExportQuery, evaluationListQuery, evaluationSchema, fillEvaluationBody, finaliseEvaluationBody, gradeChangeExportQuery,
  gradeChangeQuery, gradeChangeSchema, gradeHistorySchema, openRoundBody, paymentPathParams, paymentSchema, relationshipCommentBody,
  relationshipExportQuery, relationshipListQuery, relationshipMeasureBody, relationshipSchema, relationshipTemplateBody,
  relationshipTemplateSchema, roundParams, roundProgressSchema, roundSchema, scorecardParams, scorecardSchema, transactionPathParams,
  updatePaymentBody, updateRelationshipBody, updateScorecardBody, purchaseTargetSchema, setPurchaseTargetBody,
} from './evaluation.js';
import { def } from './route-def.js';

export const evaluationRoutes = {
  previewCredit: def({
    method: 'POST', path: '/api/v1/credit/preview', tag: 'evaluation', auth: 'signedIn',
    summary: 'What-if: total, grade and tier for scores (EVA-6); nothing is written',
    description: 'Scores keyed as in EVA-1 (`willingness`, `loyalty`, `cooperationLength`, `purchaseAmount`, `purchaseGrowth`, `purchaseRegularity`, `paymentTimeliness`, `creditFulfilment`, `financialStanding`); a missing indicator counts 0; a score below 0, above its maximum in the scorecard in force, or with more than one decimal answers 400 naming `scores.<key>`. `reasons` say which band or threshold decided the total, the grade and the tier.',
    body: creditPreviewBody, response: { status: 200, schema: creditPreviewSchema },
  }),
  listScorecards: def({
    method: 'GET', path: '/api/v1/scorecards', tag: 'evaluation', auth: 'signedIn',
    summary: 'Scorecard versions (客户信用等级评定表), newest first; `current` marks the one in force', response: { status: 200, schema: z.object({ items: z.array(scorecardSchema) }) },
  }),
  currentScorecard: def({
    method: 'GET', path: '/api/v1/scorecards/current', tag: 'evaluation', auth: 'signedIn',
    summary: 'The scorecard in force: categories, indicators, maxima, who fills each, grade bands, tier thresholds', response: { status: 200, schema: scorecardSchema },
  }),
  getScorecard: def({
    method: 'GET', path: '/api/v1/scorecards/:version', tag: 'evaluation', auth: 'signedIn',
    summary: 'One scorecard version', params: scorecardParams, response: { status: 200, schema: scorecardSchema },
  }),
  updateScorecard: def({
    method: 'PUT', path: '/api/v1/scorecards/current', tag: 'evaluation', auth: 'signedIn',
    summary: 'Edit the scorecard: creates the next version (the administrator, marketing manager and above)',
    description: 'Evaluations already opened keep the version they used. The nine indicators must each appear once with maxima summing to 100. `baseVersion` must be the current version (409 otherwise).',
    body: updateScorecardBody, response: { status: 200, schema: scorecardSchema },
  }),
  getPurchaseTarget: def({
    method: 'GET', path: '/api/v1/customers/:id/purchase-target', tag: 'evaluation', auth: 'signedIn',
    summary: 'The customer\'s quarterly purchase target for EVA-1 purchaseAmount: its own where set, its type\'s otherwise',
    params: customerPathParams, response: { status: 200, schema: purchaseTargetSchema },
  }),
  setPurchaseTarget: def({
    method: 'PUT', path: '/api/v1/customers/:id/purchase-target', tag: 'evaluation', auth: 'signedIn',
    summary: 'Set or remove the customer\'s own quarterly purchase target (marketing manager and above)',
    description: 'Evaluations opened afterwards use it; those already opened keep the target they computed with.',
    params: customerPathParams, body: setPurchaseTargetBody, response: { status: 200, schema: purchaseTargetSchema },
  }),

  listPayments: def({
    method: 'GET', path: '/api/v1/customers/:id/transactions/:transactionId/payments', tag: 'evaluation', auth: 'signedIn',
    summary: 'Payments due and made against a transaction (financial group)', params: transactionPathParams, response: { status: 200, schema: z.object({ items: z.array(paymentSchema) }) },
  }),
  createPayment: def({
    method: 'POST', path: '/api/v1/customers/:id/transactions/:transactionId/payments', tag: 'evaluation', auth: 'signedIn',
    summary: 'Finance records a payment: due date, paid date (null while open), amount; `badDebt` asks to write it off',
    description: 'Recorded by finance, which reads the books of ordinary, non-A-class archives by duty (EVA-1). `paidOn` may not be in the future nor before the transaction; `dueOn` not before it; the transaction\'s payments never total more than its amount (400 naming the field). `badDebt: true` files a `bad_debt` approval for the gm (SEC-7): once approved, the grade becomes D and a key customer normal at once (EVA-2, EVA-5), the owner and the marketing manager notified. `badDebtApprovalId` names the pending approval.',
    params: transactionPathParams, body: createPaymentBody, response: { status: 201, schema: paymentSchema },
  }),
  updatePayment: def({
    method: 'PATCH', path: '/api/v1/customers/:id/transactions/:transactionId/payments/:paymentId', tag: 'evaluation', auth: 'signedIn',
    summary: 'Finance marks a payment paid, or asks (an approval, SEC-7) to write it off or reinstate it with `badDebt` (carries `version`)', params: paymentPathParams, body: updatePaymentBody, response: { status: 200, schema: paymentSchema },
  }),

  listEvaluationRounds: def({
    method: 'GET', path: '/api/v1/evaluation-rounds', tag: 'evaluation', auth: 'signedIn',
    summary: 'Quarterly evaluation rounds, newest first', response: { status: 200, schema: z.object({ items: z.array(roundSchema) }) },
  }),
  openEvaluationRound: def({
    method: 'POST', path: '/api/v1/evaluation-rounds', tag: 'evaluation', auth: 'signedIn',
    summary: 'Open a quarter: one evaluation per active customer with the computed indicators (EVA-4)',
    description: 'Idempotent and resumable: a second call opens nothing twice and completes a round a stopped run left `opening`. The scheduled job does the same at each quarter\'s start for the previous quarter. Marketing manager and above. Large companies: prefer `kedang evaluate --quarter 2026Q3`.',
    body: openRoundBody, response: { status: 200, schema: roundProgressSchema },
  }),
  evaluationRoundProgress: def({
    method: 'GET', path: '/api/v1/evaluation-rounds/:quarter', tag: 'evaluation', auth: 'signedIn',
    summary: 'A round\'s progress: opened / filled / finalised per department (evaluations the caller may see)', params: roundParams, response: { status: 200, schema: roundProgressSchema },
  }),
  listEvaluations: def({
    method: 'GET', path: '/api/v1/evaluations', tag: 'evaluation', auth: 'signedIn',
    summary: 'Credit evaluations by quarter, department, state, customer or grade, newest first', query: evaluationListQuery, response: { status: 200, schema: page(evaluationSchema) },
  }),
  exportEvaluations: def({
    method: 'GET', path: '/api/v1/evaluations/export', tag: 'evaluation', auth: 'signedIn',
    summary: 'Export the filtered evaluations as xlsx or csv (view-only archives left out)', query: evaluationExportQuery, response: { status: 200, schema: 'file' },
  }),
  getEvaluation: def({
    method: 'GET', path: '/api/v1/evaluations/:id', tag: 'evaluation', auth: 'signedIn',
    summary: 'One evaluation: its indicators (computed proposal with basis, value in force), who filled what, adjustments with reasons',
    params: idParams, response: { status: 200, schema: evaluationDetailSchema },
  }),
  fillEvaluation: def({
    method: 'POST', path: '/api/v1/evaluations/:id/fill', tag: 'evaluation', auth: 'signedIn',
    summary: 'Fill the sales (non-financial) or finance (financial) indicators',
    description: 'Every indicator of the group must be given; one of the other group, an unknown one, more than one decimal or a value outside 0…max answers 400 naming it. Changing a computed proposal or a filled value needs `reasons.<key>`. `expectedTotal`, when sent, must equal the sum (400 otherwise). Finalised or pending evaluations answer 409.',
    params: idParams, body: fillEvaluationBody, response: { status: 200, schema: evaluationDetailSchema },
  }),
  finaliseEvaluation: def({
    method: 'POST', path: '/api/v1/evaluations/:id/finalise', tag: 'evaluation', auth: 'signedIn',
    summary: 'Ask a marketing manager to finalise (approval `evaluation_finalise`, or `grade_override` with another grade)',
    description: 'On approval the customer\'s grade and tier are set, the change is kept in the history with the reason, and moving in or out of key/big notifies the owner and the marketing manager (EVA-5). Unfilled → 422; already finalised or waiting → 409.',
    params: idParams, body: finaliseEvaluationBody, response: { status: 200, schema: evaluationActionSchema },
  }),
  printEvaluation: def({
    method: 'GET', path: '/api/v1/evaluations/:id/print', tag: 'evaluation', auth: 'signedIn',
    summary: 'The 客户信用等级评定表 as a print-ready A4 page (HTML with print CSS; audited as a print)',
    description: 'Form number KD-EVA-01 and the company name in the running header, page numbers in the footer; Chinese whatever the screen language. Confidential and top-secret archives are view-only (403, SEC-5).',
    params: idParams, response: { status: 200, schema: 'html' },
  }),
  customerGradeHistory: def({
    method: 'GET', path: '/api/v1/customers/:id/grade-history', tag: 'evaluation', auth: 'signedIn',
    summary: 'A customer\'s evaluations by quarter and its grade / tier / class changes', params: customerPathParams, response: { status: 200, schema: gradeHistorySchema },
  }),
  listGradeChanges: def({
    method: 'GET', path: '/api/v1/grade-changes', tag: 'evaluation', auth: 'signedIn',
    summary: 'Grade, tier and class changes with their causes (tier change log), newest first', query: gradeChangeQuery, response: { status: 200, schema: page(gradeChangeSchema) },
  }),
  exportGradeChanges: def({
    method: 'GET', path: '/api/v1/grade-changes/export', tag: 'evaluation', auth: 'signedIn',
    summary: 'Export the filtered change log as xlsx or csv', query: gradeChangeExportQuery, response: { status: 200, schema: 'file' },
  }),

  abcDistribution: def({
    method: 'GET', path: '/api/v1/abc', tag: 'evaluation', auth: 'signedIn',
    summary: 'ABC distribution (customers the caller may see), the last run and the weights', response: { status: 200, schema: abcDistributionSchema },
  }),
  runAbc: def({
    method: 'POST', path: '/api/v1/abc/run', tag: 'evaluation', auth: 'signedIn',
    summary: 'Reclassify every customer now (EVA-7; also monthly). Marketing manager and above', response: { status: 200, schema: abcDistributionSchema },
  }),
  updateAbcConfig: def({
    method: 'PUT', path: '/api/v1/abc/config', tag: 'evaluation', auth: 'signedIn',
    summary: 'Weights of strength / likelihood / region and the region weights', body: abcConfigSchema, response: { status: 200, schema: abcDistributionSchema },
  }),
  listAbc: def({
    method: 'GET', path: '/api/v1/abc/customers', tag: 'evaluation', auth: 'signedIn',
    summary: 'Customers by ABC rank with computed and in-force class', query: abcListQuery, response: { status: 200, schema: page(abcEntrySchema) },
  }),
  exportAbc: def({
    method: 'GET', path: '/api/v1/abc/customers/export', tag: 'evaluation', auth: 'signedIn',
    summary: 'Export the ABC list as xlsx or csv', query: abcExportQuery, response: { status: 200, schema: 'file' },
  }),
  requestAbcOverride: def({
    method: 'POST', path: '/api/v1/abc/overrides', tag: 'evaluation', auth: 'signedIn',
    summary: 'Ask to set a customer\'s class by hand (approval `class_override`, SEC-8); it survives recomputation until withdrawn',
    body: abcOverrideBody, response: { status: 201, schema: z.object({ approvalId: z.string(), overrideId: z.string() }) },
  }),
  withdrawAbcOverride: def({
    method: 'POST', path: '/api/v1/abc/overrides/withdraw', tag: 'evaluation', auth: 'signedIn',
    summary: 'End a customer\'s override: the computed class applies again', body: abcWithdrawBody, response: { status: 200, schema: abcDistributionSchema },
  }),

  getRelationshipTemplate: def({
    method: 'GET', path: '/api/v1/relationship-template', tag: 'evaluation', auth: 'signedIn',
    summary: 'The relationship-evaluation template in force (indicators, weights, recommendation thresholds)', response: { status: 200, schema: relationshipTemplateSchema },
  }),
  updateRelationshipTemplate: def({
    method: 'PUT', path: '/api/v1/relationship-template', tag: 'evaluation', auth: 'signedIn',
    summary: 'Edit the template: creates the next version; evaluations keep theirs', body: relationshipTemplateBody, response: { status: 200, schema: relationshipTemplateSchema },
  }),
  listRelationshipEvaluations: def({
    method: 'GET', path: '/api/v1/relationship-evaluations', tag: 'evaluation', auth: 'signedIn',
    summary: 'Relationship evaluations (客户关系评估表), newest first', query: relationshipListQuery, response: { status: 200, schema: page(relationshipSchema) },
  }),
  exportRelationshipEvaluations: def({
    method: 'GET', path: '/api/v1/relationship-evaluations/export', tag: 'evaluation', auth: 'signedIn',
    summary: 'Export the filtered relationship evaluations as xlsx or csv', query: relationshipExportQuery, response: { status: 200, schema: 'file' },
  }),
  createRelationshipEvaluation: def({
    method: 'POST', path: '/api/v1/relationship-evaluations', tag: 'evaluation', auth: 'signedIn',
    summary: 'Fill a relationship evaluation; `complete: true` sends it for review (approval `relationship_review`)',
    description: 'Every template indicator scored 0–100 (one decimal) once; total = Σ weight × score / 100; the recommendation defaults to the proposal from the thresholds.',
    body: createRelationshipBody, response: { status: 201, schema: relationshipSchema },
  }),
  getRelationshipEvaluation: def({
    method: 'GET', path: '/api/v1/relationship-evaluations/:id', tag: 'evaluation', auth: 'signedIn',
    summary: 'One relationship evaluation with review comments and improvement measures', params: idParams, response: { status: 200, schema: relationshipSchema },
  }),
  updateRelationshipEvaluation: def({
    method: 'PUT', path: '/api/v1/relationship-evaluations/:id', tag: 'evaluation', auth: 'signedIn',
    summary: 'Change a draft relationship evaluation (carries `version`)', params: idParams, body: updateRelationshipBody, response: { status: 200, schema: relationshipSchema },
  }),
  printRelationshipEvaluation: def({
    method: 'GET', path: '/api/v1/relationship-evaluations/:id/print', tag: 'evaluation', auth: 'signedIn',
    summary: 'The 客户关系评估表 as a print-ready A4 page with review comments and improvement measures (audited as a print)',
    description: 'Form number KD-EVA-02 and the company name in the running header, page numbers in the footer. Confidential and top-secret archives are view-only (403, SEC-5).',
    params: idParams, response: { status: 200, schema: 'html' },
  }),
  commentRelationshipEvaluation: def({
    method: 'POST', path: '/api/v1/relationship-evaluations/:id/comments', tag: 'evaluation', auth: 'signedIn',
    summary: 'Review comment (marketing director / manager) or feedback of a related department', params: idParams, body: relationshipCommentBody, response: { status: 200, schema: relationshipSchema },
  }),
  addRelationshipMeasure: def({
    method: 'POST', path: '/api/v1/relationship-evaluations/:id/measures', tag: 'evaluation', auth: 'signedIn',
    summary: 'Record a relationship-improvement measure (marketing department)', params: idParams, body: relationshipMeasureBody, response: { status: 200, schema: relationshipSchema },
  }),
} as const;
