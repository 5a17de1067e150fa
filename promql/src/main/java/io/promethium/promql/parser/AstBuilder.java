package io.promethium.promql.parser;

import io.promethium.promql.ast.AggregateExpr;
import io.promethium.promql.ast.AggregateOp;
import io.promethium.promql.ast.AtMode;
import io.promethium.promql.ast.BinaryExpr;
import io.promethium.promql.ast.BinaryOp;
import io.promethium.promql.ast.Call;
import io.promethium.promql.ast.Cardinality;
import io.promethium.promql.ast.Expr;
import io.promethium.promql.ast.Function;
import io.promethium.promql.ast.MatrixSelector;
import io.promethium.promql.ast.NumberLiteral;
import io.promethium.promql.ast.ParenExpr;
import io.promethium.promql.ast.PosRange;
import io.promethium.promql.ast.StringLiteral;
import io.promethium.promql.ast.SubqueryExpr;
import io.promethium.promql.ast.UnaryExpr;
import io.promethium.promql.ast.ValueType;
import io.promethium.promql.ast.VectorMatching;
import io.promethium.promql.ast.VectorSelector;
import io.promethium.tsdb.InvalidMatcherException;
import io.promethium.tsdb.Labels;
import io.promethium.tsdb.MatchType;
import io.promethium.tsdb.Matcher;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.tree.TerminalNode;

/**
 * Builds the typed AST from the ANTLR parse tree and applies Prometheus's checks (checkAST) as it
 * goes, bottom-up, failing on the first problem with Prometheus's wording and position.
 */
final class AstBuilder {
  private final String query;

  AstBuilder(String query) {
    this.query = query;
  }

  Expr build(PromQLParser.ExpressionContext ctx) {
    return expr(ctx);
  }

  private ParseException error(PosRange pos, String msg) {
    return new ParseException(query, pos, msg);
  }

  private static PosRange pos(ParserRuleContext ctx) {
    int start = ctx.start.getStartIndex();
    int stop = ctx.stop == null ? start : ctx.stop.getStopIndex() + 1;
    return new PosRange(start, Math.max(start, stop));
  }

  private static PosRange pos(Token t) {
    return new PosRange(t.getStartIndex(), t.getStopIndex() + 1);
  }

  private Expr expr(PromQLParser.ExpressionContext ctx) {
    return switch (ctx) {
      case PromQLParser.NumberExprContext c -> number(c.NUMBER().getSymbol(), false);
      case PromQLParser.StringExprContext c -> string(c.STRING().getSymbol());
      case PromQLParser.SelectorExprContext c -> selector(c.vectorSelector());
      case PromQLParser.ParenExprContext c -> new ParenExpr(expr(c.expression()), pos(c));
      case PromQLParser.UnaryExprContext c -> unary(c);
      case PromQLParser.CallExprContext c -> call(c);
      case PromQLParser.AggregationExprContext c -> aggregation(c.aggregation());
      case PromQLParser.MatrixExprContext c -> matrix(c);
      case PromQLParser.SubqueryExprContext c -> subquery(c);
      case PromQLParser.OffsetExprContext c -> offset(c);
      case PromQLParser.AtExprContext c -> at(c);
      case PromQLParser.PowExprContext c -> binary(c, c.expression(0), BinaryOp.POW, c.binModifier(), c.expression(1));
      case PromQLParser.MulExprContext c -> binary(c, c.expression(0), op(c.op), c.binModifier(), c.expression(1));
      case PromQLParser.AddExprContext c -> binary(c, c.expression(0), op(c.op), c.binModifier(), c.expression(1));
      case PromQLParser.CompareExprContext c -> binary(c, c.expression(0), op(c.op), c.binModifier(), c.expression(1));
      case PromQLParser.AndUnlessExprContext c -> binary(c, c.expression(0), op(c.op), c.binModifier(), c.expression(1));
      case PromQLParser.OrExprContext c -> binary(c, c.expression(0), BinaryOp.OR, c.binModifier(), c.expression(1));
      default -> throw error(pos(ctx), "unexpected expression");
    };
  }

  private static BinaryOp op(Token t) {
    return switch (t.getType()) {
      case PromQLLexer.ADD -> BinaryOp.ADD;
      case PromQLLexer.SUB -> BinaryOp.SUB;
      case PromQLLexer.MUL -> BinaryOp.MUL;
      case PromQLLexer.DIV -> BinaryOp.DIV;
      case PromQLLexer.MOD -> BinaryOp.MOD;
      case PromQLLexer.ATAN2 -> BinaryOp.ATAN2;
      case PromQLLexer.POW -> BinaryOp.POW;
      case PromQLLexer.EQLC -> BinaryOp.EQL;
      case PromQLLexer.NEQ -> BinaryOp.NEQ;
      case PromQLLexer.LTE -> BinaryOp.LTE;
      case PromQLLexer.LSS -> BinaryOp.LSS;
      case PromQLLexer.GTE -> BinaryOp.GTE;
      case PromQLLexer.GTR -> BinaryOp.GTR;
      case PromQLLexer.AND -> BinaryOp.AND;
      case PromQLLexer.UNLESS -> BinaryOp.UNLESS;
      case PromQLLexer.OR -> BinaryOp.OR;
      default -> throw new IllegalStateException("not an operator: " + t.getText());
    };
  }

  private NumberLiteral number(Token t, boolean negate) {
    double v;
    try {
      v = Literals.parseNumber(t.getText());
    } catch (NumberFormatException e) {
      throw error(pos(t), "bad number or duration syntax: \"" + t.getText() + "\"");
    }
    return new NumberLiteral(negate ? -v : v, pos(t));
  }

  private StringLiteral string(Token t) {
    try {
      return new StringLiteral(Literals.unquote(t.getText()), pos(t));
    } catch (IllegalArgumentException e) {
      throw error(pos(t), e.getMessage());
    }
  }

  private long duration(Token t) {
    long d = Literals.parseDuration(t.getText());
    if (d < 0) {
      throw error(pos(t), "not a valid duration string: \"" + t.getText() + "\"");
    }
    return d;
  }

  private Expr unary(PromQLParser.UnaryExprContext c) {
    Expr inner = expr(c.expression());
    boolean minus = c.op.getType() == PromQLLexer.SUB;
    PosRange p = pos(c);
    // Prometheus folds a sign into a number literal directly: -1 is the literal -1.
    if (inner instanceof NumberLiteral n) {
      return new NumberLiteral(minus ? -n.value() : n.value(), p);
    }
    if (inner.type() != ValueType.SCALAR && inner.type() != ValueType.VECTOR) {
      throw error(p, "unary expression only allowed on expressions of type scalar or instant vector, got \""
          + inner.type().apiName() + "\"");
    }
    return new UnaryExpr(minus ? BinaryOp.SUB : BinaryOp.ADD, inner, p);
  }

  private VectorSelector selector(PromQLParser.VectorSelectorContext c) {
    PosRange p = pos(c);
    String name = c.metricName() == null ? "" : c.metricName().getText();
    List<Matcher> matchers = new ArrayList<>();
    if (c.labelMatchers() != null) {
      for (PromQLParser.LabelMatcherContext m : c.labelMatchers().labelMatcher()) {
        String ln = m.labelName().getText();
        String value = string(m.STRING().getSymbol()).value();
        MatchType type = switch (m.op.getType()) {
          case PromQLLexer.EQL -> MatchType.EQUAL;
          case PromQLLexer.NEQ -> MatchType.NOT_EQUAL;
          case PromQLLexer.EQL_REGEX -> MatchType.REGEX;
          default -> MatchType.NOT_REGEX;
        };
        if (type.isRegex()) {
          try {
            com.google.re2j.Pattern.compile("^(?:" + value + ")$");
          } catch (com.google.re2j.PatternSyntaxException e) {
            throw error(pos(m), e.getMessage()); // re2j words this exactly as Go's regexp does
          }
        }
        try {
          matchers.add(Matcher.of(type, ln, value));
        } catch (InvalidMatcherException e) {
          throw error(pos(m), e.getMessage());
        }
      }
    }
    if (!name.isEmpty()) {
      for (Matcher m : matchers) {
        if (m.name().equals(Labels.METRIC_NAME)) {
          throw error(p, "metric name must not be set twice: \"" + name + "\" or \"" + m.value() + "\"");
        }
      }
      matchers.add(Matcher.equal(Labels.METRIC_NAME, name));
    } else {
      boolean nonEmpty = false;
      for (Matcher m : matchers) {
        if (!m.matchesEmpty()) {
          nonEmpty = true;
          break;
        }
      }
      if (!nonEmpty) {
        throw error(p, "vector selector must contain at least one non-empty matcher");
      }
    }
    return new VectorSelector(name, matchers, 0, AtMode.NONE, 0, p);
  }

  private Expr call(PromQLParser.CallExprContext c) {
    String name = c.IDENTIFIER().getText();
    Function f = Function.byName(name);
    PosRange p = pos(c);
    if (f == null) {
      throw error(pos(c.IDENTIFIER().getSymbol()), "unknown function with name \"" + name + "\"");
    }
    List<Expr> args = new ArrayList<>();
    for (PromQLParser.ExpressionContext a : c.expression()) {
      args.add(expr(a));
    }
    int nargs = f.argTypes().size();
    if (f.variadic() == 0) {
      if (nargs != args.size()) {
        throw error(p, "expected " + nargs + " argument(s) in call to \"" + name + "\", got " + args.size());
      }
    } else {
      int na = nargs - 1;
      if (na > args.size()) {
        throw error(p, "expected at least " + na + " argument(s) in call to \"" + name + "\", got " + args.size());
      } else if (f.variadic() > 0 && na + f.variadic() < args.size()) {
        throw error(p, "expected at most " + (na + f.variadic()) + " argument(s) in call to \"" + name + "\", got "
            + args.size());
      }
    }
    for (int i = 0; i < args.size(); i++) {
      int ti = i;
      if (i >= nargs) {
        if (f.variadic() == 0) {
          break;
        }
        ti = nargs - 1;
      }
      expectType(args.get(i), f.argTypes().get(ti), "call to function \"" + name + "\"");
    }
    return new Call(f, args, p);
  }

  private void expectType(Expr e, ValueType want, String context) {
    if (e.type() != want) {
      throw error(e.pos(), "expected type " + want.text() + " in " + context + ", got " + e.type().text());
    }
  }

  private Expr aggregation(PromQLParser.AggregationContext c) {
    PosRange p = pos(c);
    AggregateOp op = AggregateOp.valueOf(c.aggregator().getText().toUpperCase(java.util.Locale.ROOT));
    List<Expr> args = new ArrayList<>();
    if (c.arguments() != null) {
      for (PromQLParser.ExpressionContext a : c.arguments().expression()) {
        args.add(expr(a));
      }
    }
    if (args.isEmpty()) {
      throw error(p, "no arguments for aggregate expression provided");
    }
    int want = op.hasParam() ? 2 : 1;
    if (args.size() != want) {
      throw error(p, "wrong number of arguments for aggregate expression provided, expected " + want + ", got "
          + args.size());
    }
    Expr param = op.hasParam() ? args.get(0) : null;
    Expr inner = args.get(want - 1);
    List<String> grouping = new ArrayList<>();
    boolean without = false;
    if (c.grouping() != null) {
      without = c.grouping().kind.getType() == PromQLLexer.WITHOUT;
      grouping = labels(c.grouping().labelList());
    }
    expectType(inner, ValueType.VECTOR, "aggregation expression");
    if (op == AggregateOp.TOPK || op == AggregateOp.BOTTOMK || op == AggregateOp.QUANTILE) {
      expectType(param, ValueType.SCALAR, "aggregation parameter");
    }
    if (op == AggregateOp.COUNT_VALUES) {
      expectType(param, ValueType.STRING, "aggregation parameter");
    }
    return new AggregateExpr(op, inner, param, grouping, without, p);
  }

  private static List<String> labels(PromQLParser.LabelListContext c) {
    List<String> out = new ArrayList<>();
    if (c != null) {
      for (PromQLParser.LabelNameContext l : c.labelName()) {
        out.add(l.getText());
      }
    }
    return out;
  }

  private Expr matrix(PromQLParser.MatrixExprContext c) {
    Expr inner = expr(c.expression());
    PosRange p = pos(c);
    // Prometheus reports range errors at the brackets.
    PosRange brackets = new PosRange(c.LEFT_BRACKET().getSymbol().getStartIndex(), p.end());
    if (!(inner instanceof VectorSelector vs)) {
      throw error(brackets, "ranges only allowed for vector selectors");
    }
    if (vs.offsetMs() != 0) {
      throw error(brackets, "no offset modifiers allowed before range");
    }
    if (vs.atMode() != AtMode.NONE) {
      throw error(brackets, "no @ modifiers allowed before range");
    }
    return new MatrixSelector(vs, duration(c.DURATION().getSymbol()), p);
  }

  private Expr subquery(PromQLParser.SubqueryExprContext c) {
    Expr inner = expr(c.expression());
    PosRange p = pos(c);
    long range = duration(c.DURATION(0).getSymbol());
    long step = c.DURATION().size() > 1 ? duration(c.DURATION(1).getSymbol()) : 0;
    if (inner.type() != ValueType.VECTOR) {
      throw error(p, "subquery is only allowed on instant vector, got " + inner.type().apiName() + " instead");
    }
    return new SubqueryExpr(inner, range, step, 0, AtMode.NONE, 0, p);
  }

  private Expr offset(PromQLParser.OffsetExprContext c) {
    Expr inner = expr(c.expression());
    PosRange p = pos(c);
    long off = duration(c.DURATION().getSymbol());
    if (c.sign != null && c.sign.getType() == PromQLLexer.SUB) {
      off = -off;
    }
    long existing;
    switch (inner) {
      case VectorSelector vs -> existing = vs.offsetMs();
      case MatrixSelector ms -> existing = ms.selector().offsetMs();
      case SubqueryExpr sq -> existing = sq.offsetMs();
      default -> throw error(inner.pos(),
          "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }
    if (existing != 0) {
      throw error(inner.pos(), "offset may not be set multiple times");
    }
    return switch (inner) {
      case VectorSelector vs -> vs.withOffset(off, p);
      case MatrixSelector ms -> new MatrixSelector(ms.selector().withOffset(off, ms.selector().pos()), ms.rangeMs(), p);
      case SubqueryExpr sq -> sq.withOffset(off, p);
      default -> throw new IllegalStateException();
    };
  }

  private Expr at(PromQLParser.AtExprContext c) {
    Expr inner = expr(c.expression());
    PosRange p = pos(c);
    PromQLParser.AtTimeContext t = c.atTime();
    AtMode mode;
    long atMs = 0;
    if (t.IDENTIFIER() != null) {
      String fn = t.IDENTIFIER().getText();
      if (fn.equals("start")) {
        mode = AtMode.START;
      } else if (fn.equals("end")) {
        mode = AtMode.END;
      } else {
        throw error(pos(t), "unexpected identifier \"" + fn + "\" in @, expected start() or end()");
      }
    } else {
      double ts = number(t.NUMBER().getSymbol(), t.sign != null && t.sign.getType() == PromQLLexer.SUB).value();
      if (Double.isInfinite(ts) || Double.isNaN(ts) || ts >= (double) Long.MAX_VALUE || ts <= (double) Long.MIN_VALUE) {
        String shown = Double.isNaN(ts) ? "NaN" : Double.isInfinite(ts) ? (ts > 0 ? "+Inf" : "-Inf")
            : String.format(java.util.Locale.ROOT, "%f", ts);
        throw error(inner.pos(), "timestamp out of bounds for @ modifier: " + shown);
      }
      mode = AtMode.TIMESTAMP;
      atMs = Math.round(ts * 1000.0);
    }
    AtMode existing;
    switch (inner) {
      case VectorSelector vs -> existing = vs.atMode();
      case MatrixSelector ms -> existing = ms.selector().atMode();
      case SubqueryExpr sq -> existing = sq.atMode();
      default -> throw error(inner.pos(),
          "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery");
    }
    if (existing != AtMode.NONE) {
      throw error(inner.pos(), "@ <timestamp> may not be set multiple times");
    }
    long at = atMs;
    return switch (inner) {
      case VectorSelector vs -> vs.withAt(mode, at, p);
      case MatrixSelector ms -> new MatrixSelector(ms.selector().withAt(mode, at, ms.selector().pos()), ms.rangeMs(), p);
      case SubqueryExpr sq -> sq.withAt(mode, at, p);
      default -> throw new IllegalStateException();
    };
  }

  private Expr binary(ParserRuleContext c, PromQLParser.ExpressionContext lc, BinaryOp op,
      PromQLParser.BinModifierContext mod, PromQLParser.ExpressionContext rc) {
    Expr lhs = expr(lc);
    Expr rhs = expr(rc);
    PosRange p = pos(c);
    boolean returnBool = mod.BOOL() != null;
    boolean on = false;
    List<String> matchingLabels = List.of();
    List<String> include = List.of();
    Cardinality card = Cardinality.ONE_TO_ONE;
    boolean explicitMatching = mod.matchOn != null;
    if (explicitMatching) {
      on = mod.matchOn.getType() == PromQLLexer.ON;
      matchingLabels = labels(mod.labelList(0));
      if (mod.group != null) {
        card = mod.group.getType() == PromQLLexer.GROUP_LEFT ? Cardinality.MANY_TO_ONE : Cardinality.ONE_TO_MANY;
        include = mod.labelList().size() > 1 ? labels(mod.labelList(1)) : List.of();
      }
    }
    // The operator's range: between the operands, without surrounding whitespace (as Prometheus's opRange).
    int os = lc.stop.getStopIndex() + 1;
    int oe = rc.start.getStartIndex() - 1;
    while (os < oe && Character.isWhitespace(query.charAt(os))) {
      os++;
    }
    while (oe > os && Character.isWhitespace(query.charAt(oe))) {
      oe--;
    }
    PosRange opPos = new PosRange(os, oe + 1);
    if (returnBool && !op.isComparison()) {
      throw error(opPos, "bool modifier can only be used on comparison operators");
    }
    ValueType lt = lhs.type();
    ValueType rt = rhs.type();
    if (op.isComparison() && !returnBool && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
      throw error(opPos, "comparisons between scalars must use BOOL modifier");
    }
    if (op.isSetOperator() && card == Cardinality.ONE_TO_ONE) {
      card = Cardinality.MANY_TO_MANY;
    }
    if (on) {
      for (String l1 : matchingLabels) {
        if (include.contains(l1)) {
          throw error(opPos, "label \"" + l1 + "\" must not occur in ON and GROUP clause at once");
        }
      }
    }
    if (lt != ValueType.SCALAR && lt != ValueType.VECTOR) {
      throw error(lhs.pos(), "binary expression must contain only scalar and instant vector types");
    }
    if (rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
      throw error(rhs.pos(), "binary expression must contain only scalar and instant vector types");
    }
    VectorMatching matching = new VectorMatching(card, matchingLabels, on, include);
    if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
      if (!matchingLabels.isEmpty()) {
        throw error(p, "vector matching only allowed between instant vectors");
      }
      matching = null;
    } else if (op.isSetOperator()) {
      if (card == Cardinality.ONE_TO_MANY || card == Cardinality.MANY_TO_ONE) {
        throw error(p, "no grouping allowed for \"" + op.symbol() + "\" operation");
      }
    }
    if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && op.isSetOperator()) {
      throw error(p, "set operator \"" + op.symbol() + "\" not allowed in binary scalar expression");
    }
    return new BinaryExpr(op, lhs, rhs, matching, returnBool, p);
  }

  @SuppressWarnings("unused")
  private static String text(TerminalNode n) {
    return n == null ? "" : n.getText();
  }
}
