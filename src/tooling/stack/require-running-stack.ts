import { grpcServing } from '../../services/shared/grpc-serving.ts';
import { calculatorTarget } from './stack-grpc.ts';
import type { StackSettings } from './stack-settings.ts';

/** Exits with a clear message when the local stack's calculator does not answer. */
export async function requireRunningStack(settings: StackSettings, tool: string): Promise<void> {
  try {
    await grpcServing(calculatorTarget(settings))();
  } catch {
    console.error(
      `[${tool}] the local stack is not running (no calculator at ${settings.calculatorAddress}): start it with npm run stack:up`,
    );
    process.exit(1);
  }
}
