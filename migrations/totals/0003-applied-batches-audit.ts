import { type Kysely, sql } from 'kysely';

// Frozen in time: later changes go in new migrations, never here.
//
// Several totals keepers share the partitions, and every rebalance hands a partition from one process to
// another while batches are in flight. The stored offset, locked by each batch, is what keeps two of them
// from applying the same records.
//
// 1. The lock had a hole: a partition with no stored offset yet has no row to lock, so two keepers
//    handed its first batch at once (a zombie and its successor, or a partition just added) both read
//    "nothing applied" and both went on; only the ledger's unique event ids kept the total right. The row
//    is now created (at 0: nothing applied) before it is locked, so the second waits and then finds the
//    batch applied.
// 2. applied_batches is the evidence. Every move of a partition's stored offset is one row, written by a
//    trigger in the same transaction as the batch: the offsets it covers and the session that moved it
//    (its application_name, which the keeper sets to its process). A partition's rows must tile its
//    offsets, each starting where the previous one ended: two batches applying the same records would
//    overlap, and the primary key refuses the plainest case outright.
const SIGNATURE = 'text, integer, bigint, bigint, jsonb, jsonb';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table applied_batches (
      topic text not null,
      partition integer not null,
      from_offset bigint not null,
      next_offset bigint not null,
      applied_by text not null,
      applied_at timestamptz not null default clock_timestamp(),
      primary key (topic, partition, from_offset),
      check (next_offset > from_offset)
    )`.execute(db);

  await sql`
    create function record_applied_batch() returns trigger
    language plpgsql
    as $function$
    begin
      -- The row a batch creates before it locks it says 0, nothing applied: no batch to record.
      if (tg_op = 'INSERT' and new.next_offset > 0)
         or (tg_op = 'UPDATE' and new.next_offset <> old.next_offset) then
        insert into applied_batches (topic, partition, from_offset, next_offset, applied_by)
        values (
          new.topic,
          new.partition,
          case when tg_op = 'INSERT' then 0 else old.next_offset end,
          new.next_offset,
          coalesce(nullif(current_setting('application_name'), ''), session_user)
        );
      end if;
      return new;
    end
    $function$`.execute(db);

  await sql`
    create trigger consumer_offsets_record_applied_batch
      after insert or update of next_offset on consumer_offsets
      for each row execute function record_applied_batch()`.execute(db);

  // The batch as it was, behind one statement that makes sure its offset row exists to be locked.
  await sql`alter function apply_partition_batch(${sql.raw(SIGNATURE)}) rename to apply_partition_batch_locked`.execute(
    db,
  );
  await sql`
    create function apply_partition_batch(
      batch_topic text,
      batch_partition integer,
      batch_first_offset bigint,
      batch_next_offset bigint,
      batch_events jsonb,
      batch_dead_letters jsonb
    )
    returns table (outcome text, stored_offset bigint, duplicate_event_ids uuid[])
    language plpgsql
    as $function$
    begin
      -- Waits for another session inserting the same row to finish, so the lock taken next is shared.
      insert into consumer_offsets (topic, partition, next_offset)
        values (batch_topic, batch_partition, 0)
        on conflict (topic, partition) do nothing;
      return query select * from apply_partition_batch_locked(
        batch_topic, batch_partition, batch_first_offset, batch_next_offset, batch_events, batch_dead_letters);
    end
    $function$`.execute(db);
  await sql`revoke execute on function apply_partition_batch(${sql.raw(SIGNATURE)}) from public`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop function apply_partition_batch(${sql.raw(SIGNATURE)})`.execute(db);
  await sql`alter function apply_partition_batch_locked(${sql.raw(SIGNATURE)}) rename to apply_partition_batch`.execute(
    db,
  );
  await sql`drop trigger consumer_offsets_record_applied_batch on consumer_offsets`.execute(db);
  await sql`drop function record_applied_batch()`.execute(db);
  await sql`drop table applied_batches`.execute(db);
}
