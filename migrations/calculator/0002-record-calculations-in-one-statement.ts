import { type Kysely, sql } from 'kysely';

// Frozen in time: later changes go in new migrations, never here.
export async function up(db: Kysely<unknown>): Promise<void> {
  // How many calculations are stored, kept by the statement that stores them: `count(*)` over the table,
  // which the stored-calculations gauge ran every 10 s, read every row (1.2 million rows: about 0.5 s of
  // CPU over three Postgres processes, growing with the table without end). Eight slots, each writer
  // adding to the slot of its own backend, so concurrent transactions do not queue on one row lock.
  await sql`
    create table calculation_counts (
      slot smallint primary key check (slot between 0 and 7),
      stored bigint not null
    )`.execute(db);
  await sql`
    insert into calculation_counts (slot, stored)
    select slot, case when slot = 0 then (select count(*) from calculations) else 0 end
      from generate_series(0, 7) as slot`.execute(db);

  // A batch of calculations and their events in one statement, so in one round trip: the five the
  // transaction took before (begin, insert the calculations, insert the events, delete them again,
  // commit) each cost an encrypted write and read in the calculator and a parse, plan and execute in
  // Postgres, which together were most of the CPU an addition cost. A statement outside a transaction
  // block is its own transaction: all of it commits, or none.
  //
  // `batch` holds one object per calculation: id, a, b, sum (exact decimals as text), idempotency_key,
  // and the event announcing it (event_id, aggregatetype, type, payload, traceparent), written only when
  // the calculation is. It answers one row per calculation: whether it was stored now, and otherwise the
  // calculation first stored under its idempotency key (earlier, or by another item of this batch).
  // Security invoker (the default): the caller's own table privileges decide what it may do.
  await sql`
    create function record_calculations(batch jsonb)
    returns table (
      requested_id uuid,
      stored_now boolean,
      stored_id uuid,
      stored_a text,
      stored_b text,
      stored_sum text
    )
    language plpgsql
    as $$
    #variable_conflict use_column
    declare
      inserted uuid[];
    begin
      with new_calculations as (
        insert into calculations (id, a, b, sum, idempotency_key)
        select item.id, item.a, item.b, item.sum, item.idempotency_key
          from jsonb_to_recordset(batch)
            as item(id uuid, a numeric, b numeric, sum numeric, idempotency_key text)
        on conflict (idempotency_key) do nothing
        returning calculations.id
      )
      select coalesce(array_agg(new_calculations.id), '{}') into inserted from new_calculations;

      update calculation_counts
         set stored = stored + cardinality(inserted)
       where slot = pg_backend_pid() % 8 and cardinality(inserted) > 0;

      insert into outbox (id, aggregatetype, aggregateid, type, payload, traceparent)
      select item.event_id, item.aggregatetype, item.id::text, item.type, item.payload, item.traceparent
        from jsonb_to_recordset(batch)
          as item(id uuid, event_id uuid, aggregatetype text, type text, payload jsonb, traceparent text)
       where item.id = any(inserted);

      -- Debezium reads the inserts from the WAL; deleted in the same transaction, the table never grows.
      -- A statement of its own: a sibling in the same WITH would not see the rows just inserted.
      delete from outbox
       where outbox.id in (
         select item.event_id from jsonb_to_recordset(batch) as item(id uuid, event_id uuid)
          where item.id = any(inserted));

      return query
      select item.id,
             item.id = any(inserted),
             earlier.id,
             earlier.a::text,
             earlier.b::text,
             earlier.sum::text
        from jsonb_to_recordset(batch) as item(id uuid, idempotency_key text)
        left join calculations as earlier
          on not item.id = any(inserted) and earlier.idempotency_key = item.idempotency_key;
    end
    $$`.execute(db);
  // Only the roles granted it may call it (src/services/jobs/runtime-grants.ts), not every role.
  await sql`revoke execute on function record_calculations(jsonb) from public`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function record_calculations(jsonb)`.execute(db);
  await sql`drop table calculation_counts`.execute(db);
}
