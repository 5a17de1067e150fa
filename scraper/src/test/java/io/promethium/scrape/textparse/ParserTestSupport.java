package io.promethium.scrape.textparse;

import io.promethium.tsdb.LabelsBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Renders parser output as one line per entry so tests can compare against readable tables. */
final class ParserTestSupport {
  private ParserTestSupport() {}

  static byte[] resource(String name) {
    try (InputStream in = ParserTestSupport.class.getResourceAsStream("/textparse/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("missing resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> entries(ExpositionParser p) throws ExpositionParseException {
    List<String> out = new ArrayList<>();
    LabelsBuilder lb = new LabelsBuilder();
    while (true) {
      Entry e = p.next();
      switch (e) {
        case EOF -> {
          return out;
        }
        case HELP -> out.add("HELP " + p.metricName() + " " + p.help());
        case TYPE -> out.add("TYPE " + p.metricName() + " " + p.type().text());
        case UNIT -> out.add("UNIT " + p.metricName() + " " + p.unit());
        case COMMENT -> out.add("COMMENT " + p.comment());
        case SERIES -> {
          p.labels(lb);
          String s = "SERIES " + lb.build() + " " + render(p.value())
              + (p.hasTimestamp() ? " @" + p.timestamp() : "")
              + " raw=" + new String(p.buffer(), p.seriesStart(), p.seriesEnd() - p.seriesStart(), StandardCharsets.UTF_8);
          if (p.hasExemplar()) {
            LabelsBuilder eb = new LabelsBuilder();
            p.exemplarLabels(eb);
            s += " exemplar=" + eb.build() + " " + render(p.exemplarValue())
                + (p.hasExemplarTimestamp() ? " @" + p.exemplarTimestamp() : "");
          }
          out.add(s);
        }
      }
    }
  }

  static String render(double v) {
    if (Double.isNaN(v)) {
      return "NaN(" + Long.toHexString(Double.doubleToRawLongBits(v)) + ")";
    }
    return Double.toString(v);
  }

  static ExpositionParser text(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return new PromTextParser(b, b.length);
  }

  static ExpositionParser om(String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    return new OpenMetricsParser(b, b.length);
  }

  /** Parses to the end; returns the error reason or null. */
  static String errorOf(ExpositionParser p) {
    try {
      entries(p);
      return null;
    } catch (ExpositionParseException e) {
      return e.reason();
    }
  }
}
