package io.promethium.scrape.textparse;

/** Lexer tokens; their names appear in error messages exactly as Prometheus prints them. */
enum Token {
  INVALID,
  EOF,
  LINEBREAK,
  WHITESPACE,
  HELP,
  TYPE,
  UNIT,
  EOFWORD,
  TEXT,
  COMMENT,
  BLANK,
  MNAME,
  BOPEN,
  BCLOSE,
  LNAME,
  LVALUE,
  COMMA,
  EQUAL,
  TIMESTAMP,
  VALUE;

  /** Go's {@code %q} of the token name, as used in {@code expected X, got "Y"}. */
  String quoted() {
    return "\"" + name() + "\"";
  }
}
