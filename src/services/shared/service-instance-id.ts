import { hostname } from 'node:os';

/** This process among the service's others: its host (a pod's name in Kubernetes) and its pid. */
export const serviceInstanceId = () => `${hostname()}:${process.pid}`;
