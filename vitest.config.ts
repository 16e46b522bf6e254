import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Vitest's 5 s default turned property tests (hundreds of generated cases) into timed tests that
          // failed when the two cores were busy; speed is measured by the bench, not asserted here.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'core',
          include: ['test/core/**/*.test.ts'],
          // The services' core logic against a Postgres of its own: no Kafka, no Connect, no stack.
          globalSetup: ['test/core/postgres-global-setup.ts'],
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // One real stack is shared: files run one after another, and each waits for the pipeline to settle.
          fileParallelism: false,
          globalSetup: ['test/integration/stack-global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'deploy',
          include: ['test/deploy/**/*.test.ts'],
          // Installs helm, kubeconform, the Kubernetes schemas, hadolint and compose-check once, then syncs the chart.
          globalSetup: ['test/deploy/deploy-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 900_000,
        },
      },
      {
        test: {
          name: 'failover',
          include: ['test/failover/**/*.test.ts'],
          // A stack of its own with a Postgres standby; the steps build on each other in order.
          fileParallelism: false,
          sequence: { concurrent: false },
          globalSetup: ['test/failover/failover-global-setup.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
        },
      },
      {
        test: {
          name: 'cluster',
          include: ['test/cluster/**/*.test.ts'],
          // One control plane, built and started once; the files and their steps build on each other in order.
          fileParallelism: false,
          sequence: { concurrent: false },
          globalSetup: ['test/cluster/cluster-global-setup.ts'],
          testTimeout: 300_000,
          // The first run compiles Kubernetes.
          hookTimeout: 3_600_000,
        },
      },
    ],
  },
});
