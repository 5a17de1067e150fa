# Sourced by ./promethium and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: an existing JAVA_HOME if new enough, `java` on PATH if new enough, then /usr/lib/jvm/*
# (newest first). The machine's default java may be 17, which cannot build or run Promethium.
_promethium_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}
_promethium_find_jdk() {
  local candidates=() d major
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  for d in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ /opt/jdk*/ 2>/dev/null | sort -rV); do candidates+=("${d%/}"); done
  for d in "${candidates[@]}"; do
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] || continue
    major=$(_promethium_java_major "$d")
    if [ -n "$major" ] && [ "$major" -ge 21 ] 2>/dev/null; then
      echo "$d"
      return 0
    fi
  done
  return 1
}
if ! JAVA_HOME="$(_promethium_find_jdk)"; then
  echo "promethium: no JDK 21 or newer found (looked at JAVA_HOME, PATH and /usr/lib/jvm); install one and set JAVA_HOME" >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME
