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
      throw new ParseException(query, new PosRange(start, Math.max(start, t.getStopIndex() + 1)), "unexpected " + describe(t));
    }
    throw new ParseException(query, new PosRange(0, 0), msg);
  }

  static String describe(Token t) {
    String text = t.getText();
    return switch (t.getType()) {
      case Token.EOF -> "end of input";
      case PromQLLexer.IDENTIFIER, PromQLLexer.METRIC_IDENTIFIER -> "identifier \"" + text + "\"";
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
