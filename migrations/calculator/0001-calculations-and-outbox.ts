import { type Kysely, sql } from 'kysely';

// Frozen in time: later changes go in new migrations, never here.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table calculations (
      id uuid primary key,
      a numeric not null,
      b numeric not null,
      sum numeric not null,
      idempotency_key text unique,
      created_at timestamptz not null default now()
    )`.execute(db);

  // Column names are the Debezium Outbox Event Router defaults. Rows are deleted in the transaction that
  // inserts them: Debezium reads the insert from the WAL, so the table never grows.
  await sql`
    create table outbox (
      id uuid primary key,
      aggregatetype text not null,
      aggregateid text not null,
      type text not null,
      payload jsonb not null,
      traceparent text,
      occurred_at timestamptz not null default now()
    )`.execute(db);

  // Debezium's heartbeat writes here so the replication slot keeps advancing while the outbox is idle
  // and other databases on the server produce WAL.
  await sql`
    create table debezium_heartbeat (
      id integer primary key,
      beat_at timestamptz not null
    )`.execute(db);

  await sql`create publication calculator_outbox_publication for table outbox, debezium_heartbeat`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop publication if exists calculator_outbox_publication`.execute(db);
  await sql`drop table debezium_heartbeat, outbox, calculations`.execute(db);
}
