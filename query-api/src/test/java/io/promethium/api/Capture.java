package io.promethium.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One recorded Prometheus 2.42 exchange from {@code shared/corpus/http-api/examples-prometheus-2.42}:
 * the request line ({@code # request: GET /path?query} or {@code POST /path --data-urlencode k=v ...}
 * or with {@code -H} headers), the status, headers (names as recorded) and body.
 */
record Capture(String name, String method, String pathAndQuery, List<String[]> form, Map<String, String> requestHeaders,
    String binaryBody, int status, Map<String, String> headers, String body) {

  static final Path DIR = TestCorpus.path("http-api/examples-prometheus-2.42");

  static Capture load(String file) throws IOException {
    List<String> lines = Files.readAllLines(DIR.resolve(file));
    String req = lines.get(0).substring("# request: ".length()).strip();
    int sp = req.indexOf(' ');
    String method = req.substring(0, sp);
    String rest = req.substring(sp + 1);
    String path = rest;
    List<String[]> form = new ArrayList<>();
    Map<String, String> reqHeaders = new LinkedHashMap<>();
    String binary = null;
    int opt = rest.indexOf(" -");
    if (opt >= 0) {
      path = rest.substring(0, opt);
      String[] parts = rest.substring(opt + 1).split(" (?=--data-urlencode |-H |--data-binary)");
      for (String p : parts) {
        if (p.startsWith("--data-urlencode ")) {
          String kv = p.substring("--data-urlencode ".length());
          int eq = kv.indexOf('=');
          form.add(new String[] {kv.substring(0, eq), kv.substring(eq + 1)});
        } else if (p.startsWith("-H ")) {
          String h = p.substring(3);
          int colon = h.indexOf(':');
          reqHeaders.put(h.substring(0, colon).strip(), h.substring(colon + 1).strip());
        } else if (p.startsWith("--data-binary")) {
          binary = p.substring("--data-binary".length()).strip();
        }
      }
    }
    int status = Integer.parseInt(lines.get(1).split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    int i = 2;
    for (; i < lines.size() && !lines.get(i).isEmpty(); i++) {
      String h = lines.get(i);
      int colon = h.indexOf(':');
      headers.put(h.substring(0, colon), h.substring(colon + 1).strip());
    }
    StringBuilder body = new StringBuilder();
    for (i++; i < lines.size(); i++) {
      body.append(lines.get(i)).append('\n');
    }
    return new Capture(file, method, path.strip(), form, reqHeaders, binary, status, headers, body.toString().strip());
  }
}
