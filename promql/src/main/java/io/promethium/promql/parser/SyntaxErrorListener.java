package io.promethium.promql.parser;

import io.promethium.promql.ast.PosRange;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;

/** Turns the first ANTLR syntax error into a {@link ParseException} worded like Prometheus's parser. */
final class SyntaxErrorListener extends BaseErrorListener {
  private final String query;

  SyntaxErrorListener(String query) {
    this.query = query;
  }

  @Override
  public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
      String msg, RecognitionException e) {
    if (offendingSymbol instanceof Token t) {
      int start = t.getType() == Token.EOF ? query.length() : t.getStartIndex();
      PosRange pos = new PosRange(start, Math.max(start, t.getStopIndex() + 1));
      if (t.getType() == Token.EOF && recognizer.getInputStream() instanceof org.antlr.v4.runtime.TokenStream ts) {
        String unclosed = unclosed(ts, t.getTokenIndex());
        if (unclosed != null) {
          throw new ParseException(query, pos, unclosed);
        }
      }
      Token prev = previous(recognizer, t);
      int prevType = prev == null ? -1 : prev.getType();
      if (t.getType() == Token.EOF && (prevType == PromQLLexer.BY || prevType == PromQLLexer.WITHOUT)) {
        throw new ParseException(query, pos, "unexpected end of input in grouping opts, expected \"(\"");
      }
      if (t.getType() == Token.EOF && (prevType == PromQLLexer.OFFSET || prevType == PromQLLexer.SUB
          && previous(recognizer, prev) != null && previous(recognizer, prev).getType() == PromQLLexer.OFFSET)) {
        throw new ParseException(query, pos, "unexpected end of input in offset, expected duration");
      }
      if (t.getType() == PromQLLexer.NUMBER && (prevType == PromQLLexer.LEFT_BRACKET || prevType == PromQLLexer.COLON)) {
        throw new ParseException(query, pos, "bad duration syntax: \"" + t.getText() + "\"");
      }
      if (t.getType() == PromQLLexer.COLON && prevType == PromQLLexer.LEFT_BRACKET) {
        throw new ParseException(query, pos, "missing unit character in duration");
      }
      if (t.getType() == PromQLLexer.COLON && insideBraces(recognizer, t)) {
        throw new ParseException(query, pos, "unexpected character inside braces: ':'");
      }
      if (t.getType() == PromQLLexer.RIGHT_PAREN) {
        // Prometheus's lexer notices the unbalanced ')' after consuming it.
        throw new ParseException(query, new PosRange(pos.start() + 1, pos.end()), "unexpected right parenthesis ')'");
      }
      if (t.getType() == PromQLLexer.RIGHT_BRACE || t.getType() == PromQLLexer.RIGHT_BRACKET) {
        throw new ParseException(query, pos, "unexpected character: '" + t.getText() + "'");
      }
      if (t.getType() == PromQLLexer.ERROR_CHAR && (t.getText().equals("\"") || t.getText().equals("'")
          || t.getText().equals("`"))) {
        throw new ParseException(query, pos, "unterminated quoted string " + t.getText());
      }
      throw new ParseException(query, pos, "unexpected " + describe(t));
    }
    throw new ParseException(query, new PosRange(0, 0), msg);
  }

  private static Token previous(Recognizer<?, ?> recognizer, Token t) {
    if (recognizer.getInputStream() instanceof org.antlr.v4.runtime.TokenStream ts) {
      for (int i = t.getTokenIndex() - 1; i >= 0; i--) {
        Token p = ts.get(i);
        if (p.getChannel() == Token.DEFAULT_CHANNEL) {
          return p;
        }
      }
    }
    return null;
  }

  private static boolean insideBraces(Recognizer<?, ?> recognizer, Token t) {
    if (!(recognizer.getInputStream() instanceof org.antlr.v4.runtime.TokenStream ts)) {
      return false;
    }
    int braces = 0;
    for (int i = 0; i < t.getTokenIndex(); i++) {
      int type = ts.get(i).getType();
      braces += type == PromQLLexer.LEFT_BRACE ? 1 : type == PromQLLexer.RIGHT_BRACE ? -1 : 0;
    }
    return braces > 0;
  }

  /** Prometheus's lexer reports an unclosed brace, bracket or parenthesis at the end of input. */
  private static String unclosed(org.antlr.v4.runtime.TokenStream ts, int eofIndex) {
    int parens = 0;
    int brackets = 0;
    int braces = 0;
    for (int i = 0; i < eofIndex; i++) {
      switch (ts.get(i).getType()) {
        case PromQLLexer.LEFT_PAREN -> parens++;
        case PromQLLexer.RIGHT_PAREN -> parens--;
        case PromQLLexer.LEFT_BRACKET -> brackets++;
        case PromQLLexer.RIGHT_BRACKET -> brackets--;
        case PromQLLexer.LEFT_BRACE -> braces++;
        case PromQLLexer.RIGHT_BRACE -> braces--;
        default -> {
        }
      }
    }
    if (braces > 0) {
      return "unexpected end of input inside braces";
    }
    if (brackets > 0) {
      return "unclosed left bracket";
    }
    if (parens > 0) {
      return "unclosed left parenthesis";
    }
    return null;
  }

  static String describe(Token t) {
    String text = t.getText();
    return switch (t.getType()) {
      case Token.EOF -> "end of input";
      case PromQLLexer.IDENTIFIER -> "identifier \"" + text + "\"";
      case PromQLLexer.METRIC_IDENTIFIER -> "metric identifier \"" + text + "\"";
      case PromQLLexer.NUMBER -> "number \"" + text + "\"";
      case PromQLLexer.DURATION -> "duration \"" + text + "\"";
      case PromQLLexer.STRING -> "string " + text;
      case PromQLLexer.LEFT_PAREN -> "left parenthesis '('";
      case PromQLLexer.RIGHT_PAREN -> "right parenthesis ')'";
      case PromQLLexer.LEFT_BRACE -> "left brace '{'";
      case PromQLLexer.RIGHT_BRACE -> "right brace '}'";
      case PromQLLexer.LEFT_BRACKET -> "left bracket '['";
      case PromQLLexer.RIGHT_BRACKET -> "right bracket ']'";
      case PromQLLexer.COMMA -> "comma ','";
      case PromQLLexer.COLON -> "colon ':'";
      case PromQLLexer.AT -> "<@>";
      case PromQLLexer.ERROR_CHAR -> text.equals("\"") || text.equals("'") || text.equals("`")
          ? "unterminated quoted string" : "character '" + text + "'";
      case PromQLLexer.EQL, PromQLLexer.EQL_REGEX, PromQLLexer.NEQ_REGEX -> "\"" + text + "\"";
      case PromQLLexer.ADD, PromQLLexer.SUB, PromQLLexer.MUL, PromQLLexer.DIV, PromQLLexer.MOD, PromQLLexer.POW,
          PromQLLexer.EQLC, PromQLLexer.NEQ, PromQLLexer.LTE, PromQLLexer.LSS, PromQLLexer.GTE, PromQLLexer.GTR ->
          "<op:" + text + ">";
      default -> "<" + text.toLowerCase(java.util.Locale.ROOT) + ">";
    };
  }
}
