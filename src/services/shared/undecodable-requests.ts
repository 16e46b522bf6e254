import { type CallContext, ServerError, type ServerMiddlewareCall, Status } from 'nice-grpc';

const UNDECODABLE = Symbol('undecodable request');

interface Undecodable {
  [UNDECODABLE]: string;
}

interface TsProtoMethod {
  requestType: { decode: (input: Uint8Array, length?: number) => unknown };
}
interface TsProtoService {
  fullName: string;
  methods: Record<string, TsProtoMethod>;
}

/**
 * grpc-js answers bytes that are not a protobuf message with INTERNAL, as if the server were broken.
 * Decoding here never throws: an undecodable request reaches the middleware below as a marker, and the
 * caller gets INVALID_ARGUMENT saying what was wrong.
 */
export function decodingSafely<Service extends TsProtoService>(definition: Service): Service {
  const methods = Object.fromEntries(
    Object.entries(definition.methods).map(([name, method]) => [
      name,
      {
        ...method,
        requestType: {
          ...method.requestType,
          decode: (input: Uint8Array, length?: number) => {
            try {
              return method.requestType.decode(input, length);
            } catch (error) {
              return { [UNDECODABLE]: (error as Error).message } satisfies Undecodable;
            }
          },
        },
      },
    ]),
  );
  return { ...definition, methods };
}

export async function* rejectUndecodableRequests<Request, Response>(
  call: ServerMiddlewareCall<Request, Response>,
  context: CallContext,
) {
  const request = call.request as unknown;
  if (typeof request === 'object' && request !== null && UNDECODABLE in request) {
    throw new ServerError(
      Status.INVALID_ARGUMENT,
      `the request is not a valid protobuf message: ${(request as Undecodable)[UNDECODABLE]}`,
    );
  }
  return yield* call.next(call.request, context);
}
