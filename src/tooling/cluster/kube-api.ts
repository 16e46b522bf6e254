import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { parse } from 'yaml';

export class KubeApiError extends Error {
  readonly status: number;

  constructor(status: number, method: string, apiPath: string, body: string) {
    super(`${method} ${apiPath} answered ${status}: ${body.slice(0, 500)}`);
    this.status = status;
  }
}

export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace?: string;
    resourceVersion: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  // biome-ignore lint/suspicious/noExplicitAny: objects of every kind; callers read the fields they know
  spec?: any;
  // biome-ignore lint/suspicious/noExplicitAny: as above
  status?: any;
}

export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject;
}

export interface Watch {
  /** Filled as events arrive. */
  events: WatchEvent[];
  /** Settles once the API server has accepted the watch. */
  opened: Promise<void>;
  stop(): void;
}

interface KubeconfigFile {
  clusters: { cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { user: { token: string } }[];
}

/**
 * Talks JSON to the local API server as the user of a kubeconfig the cluster made (a bearer token and the
 * cluster's CA, verified). Small on purpose: the tests read objects and their timestamps, nothing more.
 */
export class KubeApi {
  private readonly server: URL;
  private readonly ca: Buffer;
  private readonly token: string;

  constructor(kubeconfigFile: string) {
    const config = parse(readFileSync(kubeconfigFile, 'utf8')) as KubeconfigFile;
    const cluster = config.clusters[0]?.cluster;
    const user = config.users[0]?.user;
    if (!cluster || !user) throw new Error(`${kubeconfigFile} names no cluster or user`);
    this.server = new URL(cluster.server);
    this.ca = Buffer.from(cluster['certificate-authority-data'], 'base64');
    this.token = user.token;
  }

  get<T>(apiPath: string): Promise<T> {
    return this.call<T>('GET', apiPath);
  }

  post<T>(apiPath: string, body: unknown): Promise<T> {
    return this.call<T>('POST', apiPath, body);
  }

  /** The object, or undefined when the API server says it does not exist. */
  async find<T>(apiPath: string): Promise<T | undefined> {
    try {
      return await this.get<T>(apiPath);
    } catch (error) {
      if (error instanceof KubeApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * Follows changes to a collection from now on (`?watch=true`), keeping every event in the order the
   * API server sent it, until `stop()`.
   */
  watch(collectionPath: string): Watch {
    const events: WatchEvent[] = [];
    let buffered = '';
    const separator = collectionPath.includes('?') ? '&' : '?';
    const outgoing = request(new URL(`${collectionPath}${separator}watch=true`, this.server), {
      agent: false,
      ca: this.ca,
      headers: { authorization: `Bearer ${this.token}`, accept: 'application/json' },
    });
    const opened = new Promise<void>((resolve, reject) => {
      outgoing.on('response', (response) => {
        if (response.statusCode !== 200) {
          reject(new Error(`watch ${collectionPath} answered ${response.statusCode}`));
          return;
        }
        // Stopping the watch tears its connection down on purpose.
        response.on('error', () => {});
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffered += chunk;
          let end = buffered.indexOf('\n');
          while (end >= 0) {
            const line = buffered.slice(0, end).trim();
            buffered = buffered.slice(end + 1);
            if (line) events.push(JSON.parse(line) as WatchEvent);
            end = buffered.indexOf('\n');
          }
        });
        resolve();
      });
      outgoing.on('error', reject);
    });
    outgoing.end();
    return { events, opened, stop: () => outgoing.destroy() };
  }

  /** Plain-text endpoints such as /readyz. */
  text(apiPath: string): Promise<string> {
    return this.send('GET', apiPath).then(({ body }) => body);
  }

  private async call<T>(method: string, apiPath: string, body?: unknown): Promise<T> {
    const response = await this.send(method, apiPath, body);
    return JSON.parse(response.body) as T;
  }

  private send(method: string, apiPath: string, body?: unknown): Promise<{ status: number; body: string }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const outgoing = request(
        new URL(apiPath, this.server),
        {
          method,
          // A connection per call: nothing is left open to keep a test process alive.
          agent: false,
          ca: this.ca,
          headers: {
            authorization: `Bearer ${this.token}`,
            accept: 'application/json',
            ...(payload ? { 'content-type': 'application/json' } : {}),
          },
          timeout: 10_000,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve({ status, body: text });
            else reject(new KubeApiError(status, method, apiPath, text));
          });
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error(`${method} ${apiPath} timed out after 10 s`)));
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }
}

/** A component's own /healthz over HTTPS on loopback; its certificate is one it made itself, so not checked. */
export function httpsHealthz(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { host: '127.0.0.1', port, path: '/healthz', agent: false, rejectUnauthorized: false, timeout: 3_000 },
      (response) => {
        response.resume();
        if (response.statusCode === 200) resolve();
        else reject(new Error(`GET https://127.0.0.1:${port}/healthz answered ${response.statusCode}`));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`https://127.0.0.1:${port}/healthz timed out`)));
    outgoing.on('error', reject);
    outgoing.end();
  });
}
