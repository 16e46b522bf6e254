import { describe, expect, it } from 'vitest';
import {
  GC,
  JDK,
  JIT_COMPILER,
  JVM_RUNTIME,
  KERNEL,
  ownerOfStack,
  summariseCollapsedStacks,
  TLS,
  threadGroupOf,
} from '../../src/tooling/bench/collapsed-stacks-summary.ts';

// Shaped as async-profiler 4.1 writes them with `threads,ann,collapsed` (frames shortened).
const COLLAPSED = [
  '[task-thread-calculator-outbox-0 tid=7620];java/lang/Thread.run_[j];org/apache/kafka/connect/runtime/WorkerTask.run_[j];io/debezium/connector/postgresql/PostgresConnectorTask.doPoll_[j];java/util/ArrayList.add_[i] 40',
  '[debezium-postgresconnector-calculator-change-event-source-coordinator tid=7664];java/lang/Thread.run_[j];org/postgresql/core/PGStream.receive_[j];sun/security/ssl/SSLSocketImpl$AppInputStream.read_[j];javax/crypto/Cipher.doFinal_[j];com/sun/crypto/provider/GaloisCounterMode.decrypt_[1] 20',
  '[kafka-producer-network-thread | connector-producer-calculator-outbox-0 tid=7700];java/lang/Thread.run_[j];org/apache/kafka/clients/producer/internals/Sender.run_[j];sun/nio/ch/SocketChannelImpl.write_[j];write_[k];tcp_sendmsg_[k] 10',
  '[data-plane-kafka-request-handler-3 tid=7800];java/lang/Thread.run_[j];kafka/server/KafkaRequestHandler.run_[j];kafka/server/KafkaApis$$Lambda$1416.0x00007fc35c6aa460.apply_[j] 8',
  '[data-plane-kafka-request-handler-0 tid=7801];java/lang/Thread.run_[j];kafka/server/KafkaRequestHandler.run_[j] 2',
  '[C2 CompilerThre tid=7383];thread_native_entry;CompileBroker::compiler_thread_loop;Compile::Compile 10',
  '[GC Thread#1 tid=7390];thread_native_entry;G1ParScanThreadState::trim_queue 4',
  '[ForkJoinPool.commonPool-worker-1 tid=7900];java/util/concurrent/ForkJoinWorkerThread.run_[j];java/util/concurrent/locks/LockSupport.park_[j];futex_wait_[k] 3',
  '[VM Periodic Tas tid=7391];thread_native_entry;WatcherThread::run;schedule_[k] 2',
  '[Signal Dispatcher tid=7392];thread_native_entry;os::signal_wait 1',
].join('\n');

describe('thread groups', () => {
  it.each([
    ['data-plane-kafka-request-handler-3 tid=7800', 'data-plane-kafka-request-handler'],
    ['GC Thread#1', 'GC Thread'],
    ['C2 CompilerThread0', 'C2 CompilerThread'],
    [
      'data-plane-kafka-network-thread-1-ListenerName(BROKER)-SASL_SSL-0',
      'data-plane-kafka-network-thread-ListenerName(BROKER)-SASL_SSL',
    ],
    [
      'kafka-producer-network-thread | connector-producer-calculator-outbox-0',
      'kafka-producer-network-thread | connector-producer-calculator-outbox',
    ],
    // Numbers inside a name (an address) are part of it.
    ['DistributedHerder-connect-127.0.0.1:38083-1', 'DistributedHerder-connect-127.0.0.1:38083'],
  ])('%s is in group %s', (thread, group) => {
    expect(threadGroupOf(thread)).toBe(group);
  });
});

describe('who a JVM sample belongs to', () => {
  it.each([
    // The nearest non-JDK Java frame owns the JDK's code it called.
    [
      ['org/apache/kafka/common/network/Selector.poll_[j]', 'sun/nio/ch/EPollSelectorImpl.doSelect_[j]'],
      'org.apache.kafka.common',
    ],
    [['io/debezium/pipeline/EventDispatcher.dispatch_[i]'], 'io.debezium'],
    [['org/postgresql/core/v3/QueryExecutorImpl.processCopyResults_[0]'], 'org.postgresql'],
    [['kafka/log/UnifiedLog.append_[j]'], 'kafka.log'],
    [['com/fasterxml/jackson/databind/ObjectMapper.writeValue_[j]'], 'com.fasterxml.jackson'],
    [['org/postgresql/core/PGStream.flush_[j]', 'sun/security/ssl/SSLSocketImpl.write_[j]'], TLS],
    [['java/lang/Thread.run_[j]', 'jdk/internal/misc/Unsafe.park_[j]', 'futex_wait_[k]'], JDK],
    [['thread_native_entry', 'schedule_[k]'], KERNEL],
    [['thread_native_entry', 'os::signal_wait'], JVM_RUNTIME],
  ])('%o belongs to %s', (frames, owner) => {
    expect(ownerOfStack('some-thread', frames)).toBe(owner);
  });

  it('charges native threads without Java frames to the JIT compiler and GC by their names', () => {
    expect(ownerOfStack('C1 CompilerThre', ['Compilation::compile_method'])).toBe(JIT_COMPILER);
    expect(ownerOfStack('G1 Conc', ['G1ConcurrentMark::mark_from_roots'])).toBe(GC);
    expect(ownerOfStack('GC Thread', ['G1ParScanThreadState::trim_queue'])).toBe(GC);
  });
});

describe('a summary of collapsed stacks', () => {
  const summary = summariseCollapsedStacks(COLLAPSED);
  const byName = (shares: typeof summary.byOwner) =>
    Object.fromEntries(shares.map((share) => [share.name, [share.share, share.inKernel]]));

  it('counts every sample once, by thread group and by owner, largest first', () => {
    expect(summary.samples).toBe(100);
    expect(byName(summary.byThreadGroup)).toMatchObject({
      'task-thread-calculator-outbox': [0.4, 0],
      'data-plane-kafka-request-handler': [0.1, 0],
      'kafka-producer-network-thread | connector-producer-calculator-outbox': [0.1, 0.1],
    });
    expect(summary.byOwner.map((share) => share.name)).toEqual([
      'io.debezium',
      TLS,
      // Equal shares in alphabetical order.
      JIT_COMPILER,
      'kafka.server',
      'org.apache.kafka.clients',
      GC,
      JDK,
      KERNEL,
      JVM_RUNTIME,
    ]);
    expect(summary.byOwner.reduce((sum, share) => sum + share.share, 0)).toBeCloseTo(1, 9);
    expect(byName(summary.byOwner)[JDK]).toEqual([0.03, 0.03]);
  });

  it('names the line it cannot read', () => {
    expect(() => summariseCollapsedStacks('java/lang/Thread.run_[j] 5')).toThrow(
      /line 1 of the collapsed stacks is not .*"threads"/,
    );
  });
});
