package io.promethium.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Fills the shared HTML shell for one page: title, nav (with the current page marked for screen
 * readers via aria-current) and asset URLs that carry the content hash for cache busting.
 */
final class PageShell {

  private PageShell() {}

  static byte[] render(String shell, UiPage page, Map<String, UiAsset> assets) {
    StringBuilder nav = new StringBuilder();
    for (UiPage p : UiPage.ALL) {
      nav.append("<li><a href=\"").append(p.path()).append('"');
      if (p == page) {
        nav.append(" aria-current=\"page\"");
      }
      nav.append('>').append(escape(p.title())).append("</a></li>");
    }
    String html = shell
        .replace("{{title}}", escape(page.title()))
        .replace("{{page}}", page.path().substring(1))
        .replace("{{nav}}", nav)
        .replace("{{scripts}}", scriptTags(page, assets));
    // Remaining placeholders name assets: {{asset:vendor/uPlot.min.css}}.
    StringBuilder out = new StringBuilder(html.length() + 256);
    int from = 0;
    while (true) {
      int start = html.indexOf("{{asset:", from);
      if (start < 0) {
        break;
      }
      int end = html.indexOf("}}", start);
      out.append(html, from, start).append(assetUrl(html.substring(start + 8, end), assets));
      from = end + 2;
    }
    out.append(html, from, html.length());
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Deferred scripts run in document order after parsing, so later ones may use earlier ones. */
  private static String scriptTags(UiPage page, Map<String, UiAsset> assets) {
    StringBuilder sb = new StringBuilder();
    for (String script : page.scripts()) {
      sb.append("<script src=\"").append(assetUrl(script, assets)).append("\" defer></script>\n");
    }
    return sb.toString();
  }

  static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static String assetUrl(String name, Map<String, UiAsset> assets) {
    UiAsset a = assets.get(name);
    if (a == null) {
      throw new IllegalStateException("page shell references unknown asset " + name);
    }
    return WebUi.ASSETS_PATH + name + "?h=" + a.hash();
  }
}
