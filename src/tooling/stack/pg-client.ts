import pg from 'pg';

/** Runs `work` on one connection of its own to `url`, closed afterwards whether the work succeeded or not. */
export async function withPgClient<T>(
  url: string,
  applicationName: string | undefined,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: applicationName });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
