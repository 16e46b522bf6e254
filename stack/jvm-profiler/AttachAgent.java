import com.sun.tools.attach.AgentInitializationException;
import com.sun.tools.attach.VirtualMachine;

/**
 * Loads a native agent into a running JVM with its options passed whole:
 *   java AttachAgent.java <pid> <agent.so> <options>
 * `jcmd <pid> JVMTI.agent_load` would do the same, but its argument parser splits an option string
 * holding `key=value` pairs, and async-profiler then starts with no options at all.
 */
public final class AttachAgent {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: java AttachAgent.java <pid> <agent.so> <options>");
      System.exit(2);
    }
    VirtualMachine vm = VirtualMachine.attach(args[0]);
    try {
      vm.loadAgentPath(args[1], args[2]);
    } catch (AgentInitializationException error) {
      // async-profiler reports a rejected command through the agent's return code; its message is in the JVM's log.
      System.err.println("the agent refused '" + args[2] + "' (code " + error.returnValue() + ")");
      System.exit(1);
    } finally {
      vm.detach();
    }
  }
}
