package io.promethium.server;

import io.promethium.config.ConfigException;
import io.promethium.config.ConfigLoader;
import io.promethium.config.PrometheusConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code promethium check config <file>...}: like {@code promtool check config}, the same output
 * shape ({@code Checking f}, {@code  SUCCESS: ...} / {@code   FAILED: ...}) and exit code 1 when
 * any file fails.
 */
@Command(name = "config", description = "Check if the config files are valid or not.", mixinStandardHelpOptions = true)
public final class CheckConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "<config-files>", description = "The config files to check.")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    boolean failed = false;
    for (Path f : files) {
      out.println("Checking " + f);
      try {
        PrometheusConfig cfg = ConfigLoader.load(f);
        if (!cfg.ruleFiles().isEmpty()) {
          out.println("  SUCCESS: " + cfg.ruleFiles().size() + " rule files found");
        }
        out.println(" SUCCESS: " + f + " is valid prometheus config file syntax");
        out.println(" SUCCESS: " + cfg.scrapeConfigs().size() + " scrape configs found");
      } catch (ConfigException e) {
        failed = true;
        err.println("  FAILED: " + e.getMessage());
      } catch (IOException e) {
        failed = true;
        err.println("  FAILED: open " + f + ": " + describe(e));
      }
      out.println();
    }
    out.flush();
    err.flush();
    return failed ? 1 : 0;
  }

  static String describe(IOException e) {
    return e instanceof java.nio.file.NoSuchFileException ? "no such file or directory" : String.valueOf(e.getMessage());
  }
}
