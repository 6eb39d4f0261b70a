import { standInReached } from './reached';

/**
 * What handler bundles get in place of `@smithy/core/event-streams` (decision 1922): the codec
 * and (de)serialisers of event-stream operations (Kinesis `SubscribeToShard`, S3
 * `SelectObjectContent`...). The build fails when a bundle holds such an operation
 * (`assertNoEventStreamOperations`), so no bundled command reaches this. A client that declares
 * event-stream support still configures itself at construction (`resolveEventStreamSerdeConfig`,
 * as `KinesisClient` does): that works, and the marshaller it gets throws if ever used.
 */
const unavailable = (name: string) => standInReached(`@smithy/core/event-streams ${name}`);

function throwingClass(name: string) {
  return class {
    constructor() {
      throw unavailable(name);
    }
  };
}

function throwingFunction(name: string) {
  return (): never => {
    throw unavailable(name);
  };
}

export const EventStreamCodec = throwingClass('EventStreamCodec');
export const HeaderMarshaller = throwingClass('HeaderMarshaller');
export const Int64 = throwingClass('Int64');
export const MessageDecoderStream = throwingClass('MessageDecoderStream');
export const MessageEncoderStream = throwingClass('MessageEncoderStream');
export const SmithyMessageDecoderStream = throwingClass('SmithyMessageDecoderStream');
export const SmithyMessageEncoderStream = throwingClass('SmithyMessageEncoderStream');
export const EventStreamMarshaller = throwingClass('EventStreamMarshaller');
export const UniversalEventStreamMarshaller = throwingClass('UniversalEventStreamMarshaller');
export const EventStreamSerde = throwingClass('EventStreamSerde');
export const readableStreamToIterable = throwingFunction('readableStreamToIterable');
export const iterableToReadableStream = throwingFunction('iterableToReadableStream');
export const getChunkedStream = throwingFunction('getChunkedStream');
export const getUnmarshalledStream = throwingFunction('getUnmarshalledStream');
export const getMessageUnmarshaller = throwingFunction('getMessageUnmarshaller');

/** A marshaller that a client may hold but never use: each use throws. */
export interface StandInEventStreamMarshaller {
  serialize(): never;
  deserialize(): never;
}

/** The provider a client calls at construction: its marshaller throws when used. */
export const eventStreamSerdeProvider = (): StandInEventStreamMarshaller => ({
  serialize: throwingFunction('EventStreamMarshaller.serialize'),
  deserialize: throwingFunction('EventStreamMarshaller.deserialize'),
});
export const universalEventStreamSerdeProvider = eventStreamSerdeProvider;

/** As the SDK's: the client's configured provider makes its marshaller (the stand-in above). */
export const resolveEventStreamSerdeConfig = <
  T extends { eventStreamSerdeProvider: (input: T) => unknown },
>(
  input: T,
): T & { eventStreamMarshaller: unknown } =>
  Object.assign(input, { eventStreamMarshaller: input.eventStreamSerdeProvider(input) });
