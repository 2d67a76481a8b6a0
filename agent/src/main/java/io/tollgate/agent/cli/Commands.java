package io.tollgate.agent.cli;

import java.io.PrintStream;
import java.util.Arrays;

/** The agent jar's command line. */
public final class Commands {
  private Commands() {}

  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
      out.println("usage: java -jar tollgate-agent.jar price --model M --input N [--cached N] [--cache-write-5m N]");
      out.println("                                         [--cache-write-1h N] [--output N] [--reasoning N]");
      out.println("                                         [--audio-input N] [--audio-output N] [--image-input N] [--image-output N]");
      out.println("                                         [--tier standard|batch|flex|priority] [--at YYYY-MM-DD]");
      out.println("                                         [--provider openai|anthropic|gemini|bedrock] [--pricing override.json]");
      out.println("       java -jar tollgate-agent.jar budgets --policy policy.yaml [--journal tollgate-budget-journal.jsonl]");
      out.println("       java -jar tollgate-agent.jar policy keygen --out DIR | sign --key private.pem FILE | check [--public-key K] FILE");
      return args.length == 0 ? 2 : 0;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (args[0]) {
        case "price":
          return PriceCommand.run(rest, out);
        case "budgets":
          return BudgetsCommand.run(rest, out);
        case "policy":
          return PolicyCommand.run(rest, out);
        default:
          err.println("unknown command '" + args[0] + "' (try: price, budgets, policy)");
          return 2;
      }
    } catch (java.io.IOException | java.security.GeneralSecurityException e) {
      err.println("error: " + e);
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
  }
}
