import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CALCULATION_EVENTS_TOPIC } from '../../src/services/shared/calculation-recorded-event.ts';
import { CHART_DIR } from '../../src/tooling/deploy/chart-files.ts';
import { aclEntries, PIPELINE_ACLS, TOTALS_GROUP } from '../../src/tooling/stack/kafka-acls.ts';

const allowed = (user: string) =>
  PIPELINE_ACLS.filter((acl) => acl.user === user).flatMap((acl) =>
    acl.operations.map((operation) => `${acl.resource}:${acl.name}:${operation}`),
  );

describe("the pipeline's Kafka ACLs", () => {
  it('let the totals keeper read the events and use its own group, nothing else', () => {
    expect(TOTALS_GROUP).toBe('totals-keeper');
    expect(allowed('totals').sort()).toEqual(
      [
        `topic:${CALCULATION_EVENTS_TOPIC}:READ`,
        `topic:${CALCULATION_EVENTS_TOPIC}:DESCRIBE`,
        'group:totals-keeper:READ',
        'group:totals-keeper:DESCRIBE',
      ].sort(),
    );
  });

  it('never let Connect read the events or touch the totals group', () => {
    const connect = allowed('connect');
    expect(connect).not.toContain(`topic:${CALCULATION_EVENTS_TOPIC}:READ`);
    expect(connect.some((entry) => entry.startsWith(`group:${TOTALS_GROUP}:`))).toBe(false);
    expect(connect).toContain(`topic:${CALCULATION_EVENTS_TOPIC}:WRITE`);
  });

  it('name every resource literally, one ALLOW entry per operation', () => {
    const entries = aclEntries();
    expect(entries).toHaveLength(PIPELINE_ACLS.reduce((sum, acl) => sum + acl.operations.length, 0));
    expect(entries.every((entry) => entry.resourceName && !entry.resourceName.includes('*'))).toBe(true);
  });
});

describe("the Strimzi example's KafkaUsers", () => {
  const resources = parseAllDocuments(
    readFileSync(path.join(CHART_DIR, 'examples', 'strimzi-cloudnativepg-resources.yaml'), 'utf8'),
  ).map((document) => document.toJS());
  const strimziAllowed = (name: string): string[] => {
    const user = resources.find(
      (resource) => resource?.kind === 'KafkaUser' && resource.metadata.name === name,
    );
    if (!user) throw new Error(`no KafkaUser ${name} in the example`);
    return user.spec.authorization.acls.flatMap(
      (acl: { resource: { type: string; name: string; patternType: string }; operations: string[] }) => {
        expect(acl.resource.patternType).toBe('literal');
        return acl.operations.map(
          (operation) =>
            `${acl.resource.type}:${acl.resource.name}:${operation.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`,
        );
      },
    );
  };

  it('grant exactly what the local stack grants each principal', () => {
    expect(strimziAllowed('pipeline-connect-user').sort()).toEqual(allowed('connect').sort());
    expect(strimziAllowed('pipeline-totals').sort()).toEqual(allowed('totals').sort());
  });
});
