/**
 * One PostgreSQL per test run: the embedded cluster in a temporary directory, or the server
 * named by DATABASE_URL (the external-database path). Migrations build a template database
 * that each test file clones (createTestDatabase). See template-cluster.ts.
 */
import type { TestProject } from 'vitest/node';
import { startTemplateCluster } from './template-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const cluster = await startTemplateCluster();
  project.provide('pgServerUrl', cluster.serverUrl);
  project.provide('pgTemplate', cluster.template);
  return cluster.stop;
}
