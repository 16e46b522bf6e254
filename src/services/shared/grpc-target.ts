import { ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';
import { type Channel, createChannel } from 'nice-grpc';

/** A gRPC server and how to reach it: its address and the transport security its clients use. */
export interface GrpcTarget {
  address: string;
  credentials: ChannelCredentials;
  channelOptions?: ChannelOptions;
}

export function plaintextTarget(address: string): GrpcTarget {
  return { address, credentials: ChannelCredentials.createInsecure() };
}

/**
 * A target on a loopback IP over TLS, whose certificate also names `localhost`. The TLS name sent and
 * checked is `localhost`: a bare IP is no valid server name (RFC 6066, and Node warns on every connection).
 */
export function loopbackTlsTarget(address: string, credentials: ChannelCredentials): GrpcTarget {
  return { address, credentials, channelOptions: { 'grpc.ssl_target_name_override': 'localhost' } };
}

export function openChannel(target: GrpcTarget): Channel {
  return createChannel(target.address, target.credentials, target.channelOptions);
}
