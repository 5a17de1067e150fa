package io.promethium.promql.parser;

import io.promethium.promql.ast.Expr;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.atn.PredictionMode;

/** Entry point: PromQL text to a type-checked {@link Expr}. Thread-safe (no shared state). */
public final class QueryParser {
  private QueryParser() {}

  /**
   * Parses and type-checks a PromQL expression.
   *
   * @throws ParseException with Prometheus's message and the position of the problem
   */
  public static Expr parse(String query) {
    if (query.isBlank()) {
      throw new ParseException(query, new io.promethium.promql.ast.PosRange(0, 0), "no expression found in input");
    }
    SyntaxErrorListener listener = new SyntaxErrorListener(query);
    PromQLLexer lexer = new PromQLLexer(CharStreams.fromString(query));
    lexer.removeErrorListeners();
    lexer.addErrorListener(listener);
    PromQLParser parser = new PromQLParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(listener);
    parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
    PromQLParser.QueryContext tree;
    try {
      tree = parser.query();
    } catch (ParseException e) {
      // SLL can report errors that full LL would resolve; retry once with LL before giving up.
      lexer.reset();
      parser = new PromQLParser(new CommonTokenStream(lexer));
      parser.removeErrorListeners();
      parser.addErrorListener(listener);
      parser.getInterpreter().setPredictionMode(PredictionMode.LL);
      tree = parser.query();
    }
    return new AstBuilder(query).build(tree.expression());
  }
}
