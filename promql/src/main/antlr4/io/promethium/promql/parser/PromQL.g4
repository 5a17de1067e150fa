// PromQL as Prometheus 2.42 accepts it. Keywords are case-insensitive (as in Prometheus's lexer);
// function names are checked case-sensitively by the AST builder.
grammar PromQL;

options { caseInsensitive = true; }

// Prometheus's lexer treats ':' differently inside and outside '[...]': outside, it may start a
// metric name (":foo:bar"); inside, it separates a subquery's range from its step. A combined
// grammar cannot switch lexer modes, so the lexer counts open brackets and the leading-colon
// alternative of METRIC_IDENTIFIER is enabled only at depth 0. Inside braces ':' is never a name
// character either (Prometheus rejects it there), so braces are counted too.
@lexer::members {
  private int bracketDepth;
  private int braceDepth;

  @Override
  public void reset() {
    super.reset();
    bracketDepth = 0;
    braceDepth = 0;
  }
}

query : expression EOF ;

// Alternatives are ordered from tightest to loosest binding (ANTLR precedence climbing).
// Unary minus sits between '^' and '*': -2^2 is -(2^2), -a*b is (-a)*b, as in Prometheus.
expression
    : expression LEFT_BRACKET DURATION RIGHT_BRACKET                               # matrixExpr
    | expression LEFT_BRACKET DURATION COLON DURATION? RIGHT_BRACKET               # subqueryExpr
    | expression OFFSET sign=(ADD | SUB)? DURATION                                 # offsetExpr
    | expression AT atTime                                                         # atExpr
    | <assoc = right> expression POW binModifier expression                        # powExpr
    | op=(ADD | SUB) expression                                                    # unaryExpr
    | expression op=(MUL | DIV | MOD | ATAN2) binModifier expression               # mulExpr
    | expression op=(ADD | SUB) binModifier expression                             # addExpr
    | expression op=(EQLC | NEQ | LTE | LSS | GTE | GTR) binModifier expression    # compareExpr
    | expression op=(AND | UNLESS) binModifier expression                          # andUnlessExpr
    | expression op=OR binModifier expression                                      # orExpr
    | LEFT_PAREN expression RIGHT_PAREN                                            # parenExpr
    | aggregation                                                                  # aggregationExpr
    | IDENTIFIER LEFT_PAREN (expression (COMMA expression)*)? RIGHT_PAREN          # callExpr
    | vectorSelector                                                               # selectorExpr
    | NUMBER                                                                       # numberExpr
    | STRING                                                                       # stringExpr
    ;

atTime
    : sign=(ADD | SUB)? NUMBER
    | IDENTIFIER LEFT_PAREN RIGHT_PAREN
    ;

binModifier
    : BOOL? (matchOn=(ON | IGNORING) labelList (group=(GROUP_LEFT | GROUP_RIGHT) labelList?)?)?
    ;

aggregation
    : aggregator grouping LEFT_PAREN arguments? RIGHT_PAREN
    | aggregator LEFT_PAREN arguments? RIGHT_PAREN grouping?
    ;

arguments : expression (COMMA expression)* ;

aggregator : SUM | AVG | COUNT | MIN | MAX | GROUP | STDDEV | STDVAR | TOPK | BOTTOMK | COUNT_VALUES | QUANTILE ;

grouping : kind=(BY | WITHOUT) labelList ;

labelList : LEFT_PAREN (labelName (COMMA labelName)* COMMA?)? RIGHT_PAREN ;

vectorSelector
    : metricName (LEFT_BRACE labelMatchers? RIGHT_BRACE)?
    | LEFT_BRACE labelMatchers? RIGHT_BRACE
    ;

metricName : IDENTIFIER | METRIC_IDENTIFIER ;

labelMatchers : labelMatcher (COMMA labelMatcher)* COMMA? ;

labelMatcher : labelName op=(EQL | NEQ | EQL_REGEX | NEQ_REGEX) STRING ;

// Label names may be keywords: {on="x"}, by (group) and so on.
labelName : IDENTIFIER | keyword ;

keyword
    : AND | OR | UNLESS | BY | WITHOUT | ON | IGNORING | GROUP_LEFT | GROUP_RIGHT | OFFSET | BOOL | ATAN2
    | aggregator
    ;

AND : 'and' ;
OR : 'or' ;
UNLESS : 'unless' ;
ATAN2 : 'atan2' ;
BY : 'by' ;
WITHOUT : 'without' ;
ON : 'on' ;
IGNORING : 'ignoring' ;
GROUP_LEFT : 'group_left' ;
GROUP_RIGHT : 'group_right' ;
OFFSET : 'offset' ;
BOOL : 'bool' ;

SUM : 'sum' ;
AVG : 'avg' ;
COUNT : 'count' ;
MIN : 'min' ;
MAX : 'max' ;
GROUP : 'group' ;
STDDEV : 'stddev' ;
STDVAR : 'stdvar' ;
TOPK : 'topk' ;
BOTTOMK : 'bottomk' ;
COUNT_VALUES : 'count_values' ;
QUANTILE : 'quantile' ;

// A number immediately followed by a unit is a duration, as in Prometheus's lexer.
DURATION : [0-9]+ ('ms' | [smhdwy]) ([0-9]+ ('ms' | [smhdwy]))* ;

NUMBER
    : '0x' [0-9a-f]+
    | ([0-9]+ ('.' [0-9]*)? | '.' [0-9]+) ('e' [-+]? [0-9]+)?
    | 'inf'
    | 'nan'
    ;

STRING
    : '"' (~["\\\n] | '\\' .)* '"'
    | '\'' (~['\\\n] | '\\' .)* '\''
    | '`' ~'`'* '`'
    ;

IDENTIFIER : [a-z_] [a-z0-9_]* ;
// A word with ':' is a metric name, as in Prometheus ([a-zA-Z_:][a-zA-Z0-9_:]*). Outside brackets
// a lone ':' is one too (it wins over COLON by rule order, as Prometheus lexes it); inside
// brackets ':' stays COLON so "[5m:1m]" is range, colon, step.
METRIC_IDENTIFIER
    : [a-z_] [a-z0-9_:]*
    | {bracketDepth <= 0 && braceDepth <= 0}? ':' [a-z0-9_:]*
    ;

LEFT_PAREN : '(' ;
RIGHT_PAREN : ')' ;
LEFT_BRACE : '{' { braceDepth++; } ;
RIGHT_BRACE : '}' { braceDepth--; } ;
LEFT_BRACKET : '[' { bracketDepth++; } ;
RIGHT_BRACKET : ']' { bracketDepth--; } ;
COMMA : ',' ;
AT : '@' ;
COLON : ':' ;

EQL_REGEX : '=~' ;
NEQ_REGEX : '!~' ;
EQLC : '==' ;
NEQ : '!=' ;
LTE : '<=' ;
GTE : '>=' ;
LSS : '<' ;
GTR : '>' ;
EQL : '=' ;
ADD : '+' ;
SUB : '-' ;
MUL : '*' ;
DIV : '/' ;
MOD : '%' ;
POW : '^' ;

COMMENT : '#' ~[\r\n]* -> skip ;
WS : [ \t\r\n]+ -> skip ;
ERROR_CHAR : . ;

