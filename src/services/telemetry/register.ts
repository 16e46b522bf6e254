/**
 * Loaded with `node --import ./src/services/telemetry/register.ts` before any application module, so the
 * instrumentations can patch pg, kafkajs and pino as the application imports them.
 */
import { register } from 'import-in-the-middle/register-hooks.mjs';
import { INSTRUMENTED_MODULES, startTelemetry } from './telemetry-sdk.ts';
import { setTelemetryFlush } from './telemetry-shutdown.ts';

register({ include: INSTRUMENTED_MODULES });
const sdk = startTelemetry();
setTelemetryFlush(() => sdk.shutdown());
