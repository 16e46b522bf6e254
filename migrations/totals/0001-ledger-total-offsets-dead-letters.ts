import { type Kysely, sql } from 'kysely';

// Frozen in time: later changes go in new migrations, never here.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per distinct event ever applied: Debezium delivers at least once, and after a Connect restart
  // the same event can come back at a new offset, so the event id, not the offset, decides.
  await sql`
    create table applied_events (
      event_id uuid primary key,
      calculation_id uuid not null,
      sum numeric not null,
      topic text not null,
      partition integer not null,
      "offset" bigint not null,
      applied_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table running_total (
      id smallint primary key check (id = 1),
      total numeric not null default 0,
      event_count bigint not null default 0,
      last_applied_at timestamptz
    )`.execute(db);
  await sql`insert into running_total (id) values (1)`.execute(db);

  // The source of truth for where to resume; the group offsets in Kafka are only kept in step for tools.
  await sql`
    create table consumer_offsets (
      topic text not null,
      partition integer not null,
      next_offset bigint not null,
      updated_at timestamptz not null default now(),
      primary key (topic, partition)
    )`.execute(db);

  await sql`
    create table dead_letters (
      topic text not null,
      partition integer not null,
      "offset" bigint not null,
      key bytea,
      value bytea,
      headers jsonb not null,
      reason text not null,
      received_at timestamptz not null default now(),
      primary key (topic, partition, "offset")
    )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table dead_letters, consumer_offsets, running_total, applied_events`.execute(db);
}
