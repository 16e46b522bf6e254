export interface ConnectorStatus {
  name: string;
  connector: { state: string; trace?: string };
  tasks: { id: number; state: string; trace?: string }[];
}

/**
 * The few Kafka Connect REST calls the project makes: the image's apply-connectors job, the local
 * stack and the benchmark all go through this one client.
 */
export class KafkaConnectClient {
  private readonly baseUrl: string;

  constructor(baseUrl: string) {
    this.baseUrl = baseUrl;
  }

  /** Creates the connector or replaces its config: the same call either way, so it is idempotent. */
  async putConfig(name: string, config: Record<string, string>): Promise<void> {
    const response = await fetch(`${this.baseUrl}/connectors/${encodeURIComponent(name)}/config`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(config),
      signal: AbortSignal.timeout(30_000),
    });
    if (!response.ok) {
      throw new Error(
        `Kafka Connect refused the config of ${name} (${response.status}): ${await response.text()}`,
      );
    }
  }

  async status(name: string): Promise<ConnectorStatus | undefined> {
    const response = await fetch(`${this.baseUrl}/connectors/${encodeURIComponent(name)}/status`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (response.status === 404) return undefined;
    if (!response.ok)
      throw new Error(`GET status of ${name} answered ${response.status}: ${await response.text()}`);
    return (await response.json()) as ConnectorStatus;
  }

  /** The connector's live config, as Connect holds it. */
  async config(name: string): Promise<Record<string, string>> {
    const response = await fetch(`${this.baseUrl}/connectors/${encodeURIComponent(name)}/config`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`GET config of ${name} answered ${response.status}`);
    return (await response.json()) as Record<string, string>;
  }

  /** The class names of the connector plugins this Connect worker has loaded. */
  async pluginClasses(): Promise<string[]> {
    const response = await fetch(`${this.baseUrl}/connector-plugins`, { signal: AbortSignal.timeout(3_000) });
    if (!response.ok) throw new Error(`GET /connector-plugins answered ${response.status}`);
    return ((await response.json()) as { class: string }[]).map((plugin) => plugin.class);
  }

  /** The source offsets Connect has committed for the connector (one per source partition). */
  async offsets(name: string): Promise<Record<string, unknown>[]> {
    const response = await fetch(`${this.baseUrl}/connectors/${encodeURIComponent(name)}/offsets`, {
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) throw new Error(`GET offsets of ${name} answered ${response.status}`);
    const body = (await response.json()) as { offsets: { offset: Record<string, unknown> }[] };
    return body.offsets.map((entry) => entry.offset);
  }

  /**
   * Stops the connector and its tasks (not a pause: a paused source task keeps its connections and what
   * it holds, a Debezium task its replication slot), or starts them again.
   */
  async setStopped(name: string, stopped: boolean): Promise<void> {
    const response = await fetch(
      `${this.baseUrl}/connectors/${encodeURIComponent(name)}/${stopped ? 'stop' : 'resume'}`,
      { method: 'PUT', signal: AbortSignal.timeout(30_000) },
    );
    if (!response.ok)
      throw new Error(`${stopped ? 'stop' : 'resume'} of ${name} answered ${response.status}`);
  }

  async restartFailed(name: string): Promise<void> {
    await fetch(
      `${this.baseUrl}/connectors/${encodeURIComponent(name)}/restart?includeTasks=true&onlyFailed=true`,
      {
        method: 'POST',
        signal: AbortSignal.timeout(10_000),
      },
    );
  }
}

export function isRunning(status: ConnectorStatus | undefined): boolean {
  return (
    status !== undefined &&
    status.connector.state === 'RUNNING' &&
    status.tasks.length > 0 &&
    status.tasks.every((task) => task.state === 'RUNNING')
  );
}
