import { type Kysely, sql } from 'kysely';

// Frozen in time: later changes go in new migrations, never here.
//
// One partition batch used to be a transaction of five statements (BEGIN, the offset row locked, the
// events and running total, the offset upserted, COMMIT): five round trips, each an encrypted write and
// read in the totals keeper and a parse, plan and execute in Postgres. At 500 additions/s a batch holds a
// few records, so those per-batch costs were most of the keeper's CPU (0.42 ms per addition measured,
// against a target of 0.1 ms) and a large share of Postgres's. As one function called by one autocommit
// statement the batch is one round trip, one transaction, and plans cached for the session.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function apply_partition_batch(
      batch_topic text,
      batch_partition integer,
      -- The offset of the first record Kafka handed over: past the stored offset means records are missing.
      batch_first_offset bigint,
      batch_next_offset bigint,
      -- [{"offset", "event_id", "calculation_id", "sum"}], sum as a JSON string so it stays exact.
      batch_events jsonb,
      -- [{"offset", "key", "value" (base64 or null), "headers" (object), "reason"}]
      batch_dead_letters jsonb
    )
    -- The fresh events already in the ledger, not those added: usually none, so little to send and parse.
    returns table (outcome text, stored_offset bigint, duplicate_event_ids uuid[])
    language plpgsql
    as $function$
    #variable_conflict use_column
    declare
      stored bigint;
      duplicates uuid[];
    begin
      -- Locked until the transaction ends: a second member applying the same partition waits here.
      select next_offset into stored
        from consumer_offsets
        where topic = batch_topic and partition = batch_partition
        for update;
      -- Nothing stored means nothing applied: the partition is read from its start.
      stored := coalesce(stored, 0);

      if batch_first_offset > stored then
        return query select 'gap'::text, stored, '{}'::uuid[];
        return;
      end if;
      if batch_next_offset <= stored then
        return query select 'nothing-new'::text, stored, '{}'::uuid[];
        return;
      end if;

      -- Records below the stored offset were applied by an earlier batch; the event id decides the rest,
      -- as the same event can come back at a new offset.
      with fresh as (
        select e.*
          from jsonb_to_recordset(batch_events)
            as e("offset" bigint, event_id uuid, calculation_id uuid, sum numeric)
          where e."offset" >= stored
      ), inserted as (
        insert into applied_events (event_id, calculation_id, sum, topic, partition, "offset")
          select event_id, calculation_id, sum, batch_topic, batch_partition, "offset"
            from fresh
            order by "offset"
          on conflict (event_id) do nothing
          returning event_id, sum
      ), added as (
        update running_total
          set total = total + added_up.sum,
              event_count = event_count + added_up.count,
              last_applied_at = now()
          from (select coalesce(sum(sum), 0) as sum, count(*) as count from inserted) as added_up
          where id = 1 and added_up.count > 0
      )
      select coalesce(array_agg(distinct fresh.event_id) filter (where inserted.event_id is null), '{}')
        into duplicates
        from fresh left join inserted on inserted.event_id = fresh.event_id;

      insert into dead_letters (topic, partition, "offset", key, value, headers, reason)
        select batch_topic, batch_partition, d."offset", decode(d.key, 'base64'), decode(d.value, 'base64'),
               d.headers, d.reason
          from jsonb_to_recordset(batch_dead_letters)
            as d("offset" bigint, key text, value text, headers jsonb, reason text)
          where d."offset" >= stored
        on conflict (topic, partition, "offset") do nothing;

      insert into consumer_offsets (topic, partition, next_offset)
        values (batch_topic, batch_partition, batch_next_offset)
        on conflict (topic, partition)
        do update set next_offset = excluded.next_offset, updated_at = now();

      return query select 'applied'::text, stored, duplicates;
    end
    $function$`.execute(db);

  // Only the roles granted it may call it (see src/services/jobs/runtime-grants.ts).
  await sql`revoke execute on function apply_partition_batch(text, integer, bigint, bigint, jsonb, jsonb) from public`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function apply_partition_batch(text, integer, bigint, bigint, jsonb, jsonb)`.execute(db);
}
