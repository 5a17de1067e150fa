package io.promethium.scrape.relabel;

import static org.assertj.core.api.Assertions.assertThat;

import io.promethium.config.RelabelAction;
import io.promethium.config.RelabelConfig;
import io.promethium.tsdb.Labels;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Prometheus 2.42's TestRelabel table, case by case as summarised in
 * /work/shared/corpus/relabel/CASES.md §3, plus the expansion rules of §2.
 */
class RelabelerTest {
  private static final Labels DROPPED = null;

  static RelabelConfig rc(RelabelAction action, List<String> src, String regex, String target, String replacement) {
    return new RelabelConfig(src, ";", regex, 0, target, replacement, action);
  }

  static RelabelConfig replace(List<String> src, String regex, String target, String replacement) {
    return rc(RelabelAction.REPLACE, src, regex, target, replacement);
  }

  static RelabelConfig hashmod(List<String> src, long mod, String target) {
    return new RelabelConfig(src, ";", "(.*)", mod, target, "$1", RelabelAction.HASHMOD);
  }

  static Stream<Arguments> table() {
    Labels abc = Labels.of("a", "foo", "b", "bar", "c", "baz");
    Labels ports = Labels.of("__tmp_port", "1234", "__port1", "1234", "__port2", "5678");
    Labels someName = Labels.of("a", "some-name-value");
    return Stream.of(
        Arguments.of(1, abc, List.of(replace(List.of("a"), "f(.*)", "d", "ch${1}-ch${1}")),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "choo-choo")),
        Arguments.of(2, abc, List.of(
                replace(List.of("a", "b"), "f(.*);(.*)r", "a", "b${1}${2}m"),
                replace(List.of("c", "a"), "(b).*b(.*)ba(.*)", "d", "$1$2$2$3")),
            Labels.of("a", "boobam", "b", "bar", "c", "baz", "d", "boooom")),
        Arguments.of(3, Labels.of("a", "foo"), List.of(
                rc(RelabelAction.DROP, List.of("a"), ".*o.*", "", "$1"),
                replace(List.of("a"), "f(.*)", "d", "ch$1-ch$1")),
            DROPPED),
        Arguments.of(4, Labels.of("a", "foo", "b", "bar"), List.of(rc(RelabelAction.DROP, List.of("a"), ".*o.*", "", "$1")), DROPPED),
        Arguments.of(5, Labels.of("a", "abc"), List.of(replace(List.of("a"), ".*(b).*", "d", "$1")),
            Labels.of("a", "abc", "d", "b")),
        Arguments.of(6, Labels.of("a", "foo"), List.of(rc(RelabelAction.DROP, List.of("a"), "no-match", "", "$1")),
            Labels.of("a", "foo")),
        Arguments.of(7, Labels.of("a", "foo"), List.of(rc(RelabelAction.DROP, List.of("a"), "f|o", "", "$1")),
            Labels.of("a", "foo")),
        Arguments.of(8, Labels.of("a", "foo"), List.of(rc(RelabelAction.KEEP, List.of("a"), "no-match", "", "$1")), DROPPED),
        Arguments.of(9, Labels.of("a", "foo"), List.of(rc(RelabelAction.KEEP, List.of("a"), "f.*", "", "$1")),
            Labels.of("a", "foo")),
        Arguments.of(10, Labels.of("a", "boo"), List.of(replace(List.of("a"), "f", "b", "bar")), Labels.of("a", "boo")),
        Arguments.of(11, abc, List.of(hashmod(List.of("c"), 1000, "d")),
            Labels.of("a", "foo", "b", "bar", "c", "baz", "d", "976")),
        Arguments.of(12, Labels.of("a", "foo\nbar"), List.of(hashmod(List.of("a"), 1000, "b")),
            Labels.of("a", "foo\nbar", "b", "734")),
        Arguments.of(13, Labels.of("a", "foo", "b1", "bar", "b2", "baz"),
            List.of(rc(RelabelAction.LABELMAP, List.of(), "(b.*)", "", "bar_${1}")),
            Labels.of("a", "foo", "b1", "bar", "b2", "baz", "bar_b1", "bar", "bar_b2", "baz")),
        Arguments.of(14, Labels.of("a", "foo", "__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "ccc"),
            List.of(rc(RelabelAction.LABELMAP, List.of(), "__meta_(my.*)", "", "${1}")),
            Labels.of("a", "foo", "__meta_my_bar", "aaa", "__meta_my_baz", "bbb", "__meta_other", "ccc",
                "my_bar", "aaa", "my_baz", "bbb")),
        Arguments.of(15, someName, List.of(replace(List.of("a"), "some-([^-]+)-([^,]+)", "${1}", "${2}")),
            Labels.of("a", "some-name-value", "name", "value")),
        Arguments.of(16, someName, List.of(replace(List.of("a"), "some-([^-]+)-([^,]+)", "${1}", "${3}")), someName),
        Arguments.of(17, someName, List.of(
                replace(List.of("a"), "some-([^-]+)-([^,]+)", "${3}", "${1}"),
                replace(List.of("a"), "some-([^-]+)-([^,]+)", "0${3}", "${1}"),
                replace(List.of("a"), "some-([^-]+)-([^,]+)", "-${3}", "${1}")),
            someName),
        Arguments.of(18, Labels.of("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar"), List.of(
                replace(List.of("__meta_sd_tags"), "(?:.+,|^)path:(/[^,]+).*", "__metrics_path__", "${1}"),
                replace(List.of("__meta_sd_tags"), "(?:.+,|^)job:([^,]+).*", "job", "${1}"),
                replace(List.of("__meta_sd_tags"), "(?:.+,|^)label:([^=]+)=([^,]+).*", "${1}", "${2}")),
            Labels.of("__meta_sd_tags", "path:/secret,job:some-job,label:foo=bar", "__metrics_path__", "/secret",
                "job", "some-job", "foo", "bar")),
        Arguments.of(19, Labels.of("a", "foo", "b1", "bar", "b2", "baz"),
            List.of(rc(RelabelAction.LABELKEEP, List.of(), "(b.*)", "", "$1")), Labels.of("b1", "bar", "b2", "baz")),
        Arguments.of(20, Labels.of("a", "foo", "b1", "bar", "b2", "baz"),
            List.of(rc(RelabelAction.LABELDROP, List.of(), "(b.*)", "", "$1")), Labels.of("a", "foo")),
        Arguments.of(21, Labels.of("foo", "bAr123Foo"), List.of(
                rc(RelabelAction.UPPERCASE, List.of("foo"), "(.*)", "foo_uppercase", "$1"),
                rc(RelabelAction.LOWERCASE, List.of("foo"), "(.*)", "foo_lowercase", "$1")),
            Labels.of("foo", "bAr123Foo", "foo_uppercase", "BAR123FOO", "foo_lowercase", "bar123foo")),
        Arguments.of(22, ports, List.of(rc(RelabelAction.KEEPEQUAL, List.of("__tmp_port"), "(.*)", "__port1", "$1")), ports),
        Arguments.of(23, ports, List.of(rc(RelabelAction.DROPEQUAL, List.of("__tmp_port"), "(.*)", "__port1", "$1")), DROPPED),
        Arguments.of(24, ports, List.of(rc(RelabelAction.DROPEQUAL, List.of("__tmp_port"), "(.*)", "__port2", "$1")), ports),
        Arguments.of(25, ports, List.of(rc(RelabelAction.KEEPEQUAL, List.of("__tmp_port"), "(.*)", "__port2", "$1")), DROPPED));
  }

  @ParameterizedTest(name = "case {0}")
  @MethodSource("table")
  void upstreamTable(int caseNo, Labels input, List<RelabelConfig> rules, Labels expected) {
    assertThat(Relabeler.compile(rules).process(input)).isEqualTo(expected);
  }

  static Stream<Arguments> expansions() {
    return Stream.of(
        // The name after a bare $ is the longest word run: $1_ is group "1_" (empty).
        Arguments.of("(a)(b)", "ab", "$1_$2", "b"),
        Arguments.of("(a)(b)", "ab", "${1}_${2}", "a_b"),
        Arguments.of("(a)", "a", "$$1", "$1"),
        Arguments.of("(a)", "a", "x$", "x$"),
        Arguments.of("(a)", "a", "${1", "${1"),
        Arguments.of("(a)", "a", "${}", "${}"),
        Arguments.of("(?P<name>a)(b)", "ab", "$name-${2}", "a-b"),
        Arguments.of("(a)", "a", "$01", ""),
        Arguments.of("(a)|(b)", "a", "[$2]", "[]"));
  }

  @ParameterizedTest(name = "{2} on {1}")
  @MethodSource("expansions")
  void expandsLikeGo(String regex, String value, String replacement, String expected) {
    Labels out = Relabeler.compile(List.of(replace(List.of("v"), regex, "t", replacement)))
        .process(Labels.of("v", value));
    assertThat(out.get("t")).isEqualTo(expected);
  }

  @Test
  void emptyReplacementDeletesTarget() {
    // The operator's generated configs rely on this (replacement: "" removes job).
    Labels out = Relabeler.compile(List.of(replace(List.of("x"), "(.*)", "job", ""))).process(Labels.of("job", "j", "x", "1"));
    assertThat(out).isEqualTo(Labels.of("x", "1"));
  }

  @Test
  void regexIsAnchoredAndDotSkipsNewline() {
    Relabeler keep = Relabeler.compile(List.of(rc(RelabelAction.KEEP, List.of("a"), ".*", "", "$1")));
    assertThat(keep.process(Labels.of("a", "x\ny"))).isNull();
    assertThat(keep.process(Labels.of("a", "xy"))).isNotNull();
    Relabeler drop = Relabeler.compile(List.of(rc(RelabelAction.DROP, List.of("a"), "o", "", "$1")));
    assertThat(drop.process(Labels.of("a", "foo"))).isNotNull();
  }

  @Test
  void missingSourceLabelsJoinAsEmpty() {
    Relabeler r = Relabeler.compile(List.of(replace(List.of("a", "missing", "b"), "(.*)", "j", "$1")));
    assertThat(r.process(Labels.of("a", "1", "b", "2")).get("j")).isEqualTo("1;;2");
  }

  @Test
  void hashmodMatchesPrometheusBuckets() {
    assertThat(Long.remainderUnsigned(Relabeler.md5Tail("baz"), 1000)).isEqualTo(976);
    assertThat(Long.remainderUnsigned(Relabeler.md5Tail("foo\nbar"), 1000)).isEqualTo(734);
  }
}
