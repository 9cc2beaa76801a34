/** Evaluation routes: parse → call → shape. Access decisions live in the services' policy calls. */
import type { evaluationRoutes } from '../../../contract/evaluation.routes.js';
import type { HandlersOf } from '../../http/handler.js';
import * as abc from './abc.service.js';
import * as credit from './credit.service.js';
import * as evaluations from './evaluations.service.js';
import * as printing from './evaluation-print.service.js';
import * as relationship from './relationship.service.js';
import * as rounds from './rounds.service.js';

export const evaluationHandlers: HandlersOf<keyof typeof evaluationRoutes> = {
  previewCredit: ({ db, body }) => credit.preview(db, body),
  listScorecards: ({ db }) => credit.listScorecards(db),
  currentScorecard: ({ db }) => credit.getScorecard(db, 'current'),
  getScorecard: ({ db, params }) => credit.getScorecard(db, params.version),
  updateScorecard: ({ db, principal, body, actor }) => credit.updateScorecard(db, principal, body, actor),
  getPurchaseTarget: ({ db, principal, params }) => credit.getPurchaseTarget(db, principal, params.id),
  setPurchaseTarget: ({ db, principal, params, body, actor }) => credit.setPurchaseTarget(db, principal, params.id, body.quarterlyTarget, actor),
  listPayments: ({ db, principal, params }) => credit.listPayments(db, principal, params.id, params.transactionId),
  createPayment: ({ db, principal, params, body, actor }) => credit.createPayment(db, principal, params.id, params.transactionId, body, actor),
  updatePayment: ({ db, principal, params, body, actor }) => credit.updatePayment(db, principal, params.id, params.transactionId, params.paymentId, body, actor),
  listEvaluationRounds: ({ db, principal }) => rounds.listRounds(db, principal),
  openEvaluationRound: ({ db, principal, body, actor }) => rounds.openRoundByUser(db, principal, body.quarter, actor),
  evaluationRoundProgress: ({ db, principal, params }) => rounds.roundProgress(db, principal, params.quarter),
  listEvaluations: ({ db, principal, query }) => evaluations.listEvaluations(db, principal, query),
  exportEvaluations: ({ db, principal, query, actor }) => evaluations.exportEvaluations(db, principal, query, actor),
  getEvaluation: ({ db, principal, params }) => evaluations.getEvaluation(db, principal, params.id),
  fillEvaluation: ({ db, principal, params, body, actor }) => evaluations.fillEvaluation(db, principal, params.id, body, actor),
  finaliseEvaluation: ({ db, principal, params, body, actor }) => evaluations.requestFinalise(db, principal, params.id, body, actor),
  printEvaluation: ({ db, principal, params, actor }) => printing.printEvaluation(db, principal, params.id, actor),
  customerGradeHistory: ({ db, principal, params }) => evaluations.gradeHistory(db, principal, params.id),
  listGradeChanges: ({ db, principal, query }) => evaluations.listGradeChanges(db, principal, query),
  exportGradeChanges: ({ db, principal, query, actor }) => evaluations.exportGradeChanges(db, principal, query, actor),
  abcDistribution: ({ db, principal }) => abc.abcDistribution(db, principal),
  runAbc: ({ db, principal, actor }) => abc.runAbcByUser(db, principal, actor),
  updateAbcConfig: ({ db, principal, body, actor }) => abc.updateAbcConfig(db, principal, body, actor),
  listAbc: ({ db, principal, query }) => abc.listAbc(db, principal, query),
  exportAbc: ({ db, principal, query, actor }) => abc.exportAbc(db, principal, query, actor),
  requestAbcOverride: ({ db, principal, body, actor }) => abc.requestAbcOverride(db, principal, body, actor),
  withdrawAbcOverride: ({ db, principal, body, actor }) => abc.withdrawAbcOverride(db, principal, body, actor),
  getRelationshipTemplate: ({ db }) => relationship.getTemplate(db),
  updateRelationshipTemplate: ({ db, principal, body, actor }) => relationship.updateTemplate(db, principal, body, actor),
  listRelationshipEvaluations: ({ db, principal, query }) => relationship.listRelationships(db, principal, query),
  exportRelationshipEvaluations: ({ db, principal, query, actor }) => relationship.exportRelationships(db, principal, query, actor),
  createRelationshipEvaluation: ({ db, principal, body, actor }) => relationship.createRelationship(db, principal, body, actor),
  getRelationshipEvaluation: ({ db, principal, params }) => relationship.getRelationship(db, principal, params.id),
  updateRelationshipEvaluation: ({ db, principal, params, body, actor }) => relationship.updateRelationship(db, principal, params.id, body, actor),
  printRelationshipEvaluation: ({ db, principal, params, actor }) => printing.printRelationship(db, principal, params.id, actor),
  commentRelationshipEvaluation: ({ db, principal, params, body, actor }) => relationship.commentRelationship(db, principal, params.id, body.body, actor),
  addRelationshipMeasure: ({ db, principal, params, body, actor }) => relationship.addMeasure(db, principal, params.id, body, actor),
};
