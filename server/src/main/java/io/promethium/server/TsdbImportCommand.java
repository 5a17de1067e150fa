package io.promethium.server;

import io.promethium.scrape.textparse.Entry;
import io.promethium.scrape.textparse.ExpositionParseException;
import io.promethium.scrape.textparse.OpenMetricsParser;
import io.promethium.tsdb.Appender;
import io.promethium.tsdb.InvalidLabelsException;
import io.promethium.tsdb.LabelsBuilder;
import io.promethium.tsdb.SampleRejectedException;
import io.promethium.tsdb.StorageException;
import io.promethium.tsdb.Tsdb;
import io.promethium.tsdb.TsdbOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code promethium tsdb import openmetrics <file> [<data dir>]}: backfills an OpenMetrics file
 * with timestamps into the store, like {@code promtool tsdb create-blocks-from openmetrics}. The
 * server must not be running on the same directory (the store is locked while open).
 */
@Command(name = "import", aliases = "create-blocks-from", mixinStandardHelpOptions = true,
    description = "Import samples from an input file into the store (like promtool tsdb create-blocks-from).")
public final class TsdbImportCommand implements Callable<Integer> {
  /** Samples per transaction: large enough to amortise commit cost, small enough to bound memory. */
  private static final int BATCH = 50_000;

  @Parameters(index = "0", paramLabel = "<format>", description = "Input format; only 'openmetrics' is supported.")
  String format;

  @Parameters(index = "1", paramLabel = "<input file>", description = "OpenMetrics input file to read.")
  Path input;

  @Parameters(index = "2", paramLabel = "<data dir>", defaultValue = "data/",
      description = "Storage directory to import into (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Override
  public Integer call() {
    if (!"openmetrics".equals(format)) {
      System.err.println("unsupported input format \"" + format + "\": only openmetrics is supported");
      return 1;
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(input);
    } catch (IOException e) {
      System.err.println("open " + input + ": " + CheckConfigCommand.describe(e));
      return 1;
    }
    try (Tsdb tsdb = Tsdb.open(TsdbOptions.of(dataDir))) {
      Result r = importOpenMetrics(tsdb, bytes);
      System.out.printf("imported %d samples of %d series lines into %s (%d rejected: %d out of order, %d duplicate)%n",
          r.imported, r.lines, dataDir, r.outOfOrder + r.duplicate, r.outOfOrder, r.duplicate);
      return 0;
    } catch (ImportException e) {
      System.err.println("import failed: " + e.getMessage());
      return 1;
    } catch (StorageException | IOException e) {
      System.err.println("import failed: " + e.getMessage());
      return 1;
    }
  }

  record Result(long lines, long imported, long outOfOrder, long duplicate) {}

  /** Thrown for input Prometheus would refuse: a parse error, a sample without timestamp, bad labels. */
  static final class ImportException extends Exception {
    ImportException(String message) {
      super(message);
    }
  }

  static Result importOpenMetrics(Tsdb tsdb, byte[] bytes) throws ImportException {
    OpenMetricsParser p = new OpenMetricsParser(bytes, bytes.length);
    LabelsBuilder lb = new LabelsBuilder();
    long lines = 0;
    long imported = 0;
    long outOfOrder = 0;
    long duplicate = 0;
    Appender app = tsdb.appender();
    int inBatch = 0;
    try {
      Entry e;
      while ((e = p.next()) != Entry.EOF) {
        if (e != Entry.SERIES) {
          continue;
        }
        lines++;
        if (!p.hasTimestamp()) {
          throw new ImportException("line " + p.lineOf(p.seriesStart()) + ": expected timestamp for series "
              + new String(bytes, p.seriesStart(), p.seriesEnd() - p.seriesStart(), java.nio.charset.StandardCharsets.UTF_8));
        }
        String dup = p.labels(lb);
        if (dup != null) {
          throw new ImportException("line " + p.lineOf(p.seriesStart()) + ": label name \"" + dup + "\" is not unique");
        }
        try {
          app.append(0, lb.build(), p.timestamp(), p.value());
          imported++;
        } catch (SampleRejectedException rej) {
          switch (rej.reason()) {
            case OUT_OF_ORDER, OUT_OF_BOUNDS -> outOfOrder++;
            case DUPLICATE -> duplicate++;
          }
        } catch (InvalidLabelsException bad) {
          throw new ImportException("line " + p.lineOf(p.seriesStart()) + ": " + bad.getMessage());
        }
        if (++inBatch == BATCH) {
          app.commit();
          app = tsdb.appender();
          inBatch = 0;
        }
      }
      app.commit();
    } catch (ExpositionParseException ex) {
      app.rollback();
      throw new ImportException(ex.getMessage());
    }
    return new Result(lines, imported, outOfOrder, duplicate);
  }
}
