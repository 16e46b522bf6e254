import { describe, expect, it } from 'vitest';
import { CALCULATION_EVENTS_TOPIC } from '../../src/services/shared/calculation-recorded-event.ts';
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
