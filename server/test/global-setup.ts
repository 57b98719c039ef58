/**
 * vitest global setup for the server suites: makes sure a real PostgreSQL is there.
 * LUMO_TEST_POSTGRES_URL (set by .ci/run) wins; else a throwaway cluster is started here.
 * Without PostgreSQL binaries the PostgreSQL half of the suites is skipped, loudly.
 */
import type { TestProject } from 'vitest/node';
import { startPostgresCluster, type Cluster } from './postgres-cluster';

let cluster: Cluster | null = null;

export default async function setup(project: TestProject) {
  let url = process.env.LUMO_TEST_POSTGRES_URL ?? '';
  if (!url) {
    cluster = await startPostgresCluster();
    if (cluster) url = cluster.url;
  }
  if (!url) {
    const msg = '\n*** PostgreSQL not found (no LUMO_TEST_POSTGRES_URL, no initdb): the PostgreSQL half of the server tests is SKIPPED. ***\n';
    if (process.env.CI) throw new Error(msg + 'CI must test PostgreSQL.');
    console.warn(msg);
  }
  project.provide('postgresUrl', url);
  return () => cluster?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext { postgresUrl: string }
}
