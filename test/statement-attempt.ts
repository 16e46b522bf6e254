import pg from 'pg';

/** One statement on a connection of its own; resolves to Postgres' error message, or 'ok'. */
export async function attemptStatement(url: string, statement: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    await client.query(statement);
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}
