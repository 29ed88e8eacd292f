// The abstract syntax tree of a SPARQL 1.1/1.2 query, as the parser's actions build it.
//
// It keeps the query's shape close to the grammar so that the translation to the SPARQL
// algebra (SPARQL 1.1 §18.2) is a walk over it: a group keeps its elements in order (triples
// blocks, FILTERs, OPTIONAL, MINUS, UNION, GRAPH, SERVICE, BIND, VALUES, sub-groups and
// sub-selects), so §18.2.2.6's left-to-right fold and filter collection read them as written.
// Already done by the parser: prefixed names expanded and IRIs resolved; blank nodes in
// patterns turned into hidden variables (§4.1.4: they act as variables); collections, blank
// node property lists, reified triples and annotations expanded into triple patterns
// (§18.2.2.1); a path that is one IRI turned into a plain triple pattern. Left to the algebra
// step: the rest of the path translation (§18.2.2.3-4), joins, filters, extends, grouping
// and aggregates (§18.2.2.5-§18.2.4).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "annals/query.hpp"
#include "annals/term.hpp"
#include "annals/time.hpp"

namespace annals::query::ast {

// A position in a triple pattern: a variable, an RDF term, or a triple term whose parts may
// be variables (SPARQL 1.2 `<<( ?s :p ?o )>>`).
struct Node {
  enum class Kind : std::uint8_t { kVar, kTerm, kTriple };
  Kind kind = Kind::kTerm;
  std::string var;  // kVar: the name without '?'
  // kVar: a variable that stands for a blank node of the query (§4.1.4): not projected by
  // SELECT *, not nameable by the user.
  bool hidden = false;
  Term term;                                        // kTerm
  std::shared_ptr<const std::vector<Node>> triple;  // kTriple: subject, predicate, object

  static Node variable(std::string name, bool is_hidden = false);
  static Node of(Term t);
  static Node triple_of(Node s, Node p, Node o);
  bool is_var() const { return kind == Kind::kVar; }
};

// A property path (§9, grammar [88]-[96]).
struct Path {
  enum class Kind : std::uint8_t {
    kLink,         // iri
    kInverse,      // ^ args[0]
    kSequence,     // args[0] / args[1] / ...
    kAlternative,  // args[0] | args[1] | ...
    kZeroOrMore,   // args[0]*
    kOneOrMore,    // args[0]+
    kZeroOrOne,    // args[0]?
    kNegated,      // !(...): args are kLink (forward) or kInverse of kLink (backward)
  };
  Kind kind = Kind::kLink;
  Term iri;  // kLink
  std::vector<Path> args;
};

// subject predicate object, or subject path object when path is set (then predicate is
// unused). Blank nodes appear only in templates (CONSTRUCT, and later Update's quads).
struct TriplePattern {
  Node subject, predicate, object;
  std::optional<Path> path;
};

struct GroupPattern;
struct Query;

// An expression (§17). Operators and built-in calls name themselves in `op` as the
// grammar spells them, upper case for keywords: "||", "&&", "=", "!=", "<", ">", "<=",
// ">=", "IN", "NOT IN", "+", "-", "*", "/", "!", "STR", "REGEX", ...; unary minus and plus
// are "-" and "+" with one argument.
struct Expr {
  enum class Kind : std::uint8_t {
    kNode,       // a variable, an RDF term or a triple term with variables
    kOperator,   // op applied to args (binary, unary, IN / NOT IN with the list after args[0])
    kBuiltin,    // built-in call op(args) (§17.4), BOUND's argument is a kNode variable
    kFunction,   // a call of the function named iri, or a cast (xsd:integer(?x))
    kAggregate,  // COUNT, SUM, MIN, MAX, AVG, SAMPLE, GROUP_CONCAT; no args for COUNT(*)
    kExists,     // EXISTS { pattern }, or NOT EXISTS when op is "NOT EXISTS"
  };
  Kind kind = Kind::kNode;
  std::string op;
  Node node;  // kNode
  Term iri;   // kFunction
  std::vector<Expr> args;
  bool distinct = false;                 // aggregates and custom function calls
  std::optional<std::string> separator;  // GROUP_CONCAT
  std::vector<GroupPattern> pattern;     // kExists: exactly one
  // Levels of the tree from here down, this node included: the parser keeps it within
  // grammar::kMaxHeight, so every recursive walk of a query is bounded.
  std::uint32_t height = 1;
};

// VALUES: variables and rows; an unbound cell is nullopt (UNDEF).
struct InlineData {
  std::vector<std::string> vars;
  std::vector<std::vector<std::optional<Node>>> rows;
};

// One element of a group graph pattern, in the order written.
struct Element {
  enum class Kind : std::uint8_t {
    kTriples,    // a triples block: triples (one BGP, or path patterns among them)
    kFilter,     // FILTER expr
    kOptional,   // OPTIONAL groups[0]
    kMinus,      // MINUS groups[0]
    kUnion,      // groups[0] UNION groups[1] UNION ...
    kGroup,      // a nested group { ... }: joined
    kGraph,      // GRAPH name groups[0]
    kService,    // SERVICE [SILENT] name groups[0]
    kBind,       // BIND(expr AS ?var)
    kValues,     // VALUES data
    kSubSelect,  // { SELECT ... }: subquery[0]
  };
  Kind kind = Kind::kTriples;
  std::vector<TriplePattern> triples;
  Expr expr;
  std::vector<GroupPattern> groups;
  Node name;  // kGraph, kService
  bool silent = false;
  std::string var;  // kBind
  InlineData data;
  std::vector<Query> subquery;
  std::size_t at = 0;  // byte offset in the query text, for messages
};

struct GroupPattern {
  std::vector<Element> elements;
  // An upper bound of the depth of the algebra and of the operators it becomes: its elements,
  // triple patterns and path steps (each a join or a step of the fold) plus the highest
  // expression, group or subquery inside. Set by the parser, within grammar::kMaxHeight.
  std::uint32_t height = 1;
};

enum class Form : std::uint8_t { kSelect, kConstruct, kAsk, kDescribe };

// One item of a SELECT list: ?var, or (expr AS ?var).
struct Projection {
  std::string var;
  std::optional<Expr> expr;
  std::size_t at = 0;  // byte offset in the query text, for messages
};

// GROUP BY item: an expression, named when written (expr AS ?var).
struct GroupCondition {
  Expr expr;
  std::optional<std::string> var;
};

struct OrderCondition {
  Expr expr;
  bool descending = false;
};

// Our extension (docs/DESIGN.md "The temporal clauses"): VALID AT / VALID DURING and AS OF.
struct TimeClause {
  std::optional<ValidTime> valid;  // [start of a, end of b); VALID AT a = DURING a a
  std::optional<DateBound> valid_first, valid_last;  // as written, for printing
  std::optional<std::uint64_t> as_of_transaction;
  // AS OF "...": the instant in milliseconds since the epoch (time.hpp's parse_timestamp),
  // and the text as written, for printing.
  std::optional<std::int64_t> as_of_time;
  std::optional<std::string> as_of_timestamp;
  bool empty() const { return !valid && !as_of_transaction && !as_of_time; }
};

struct Query {
  Form form = Form::kSelect;
  std::string base;                    // the base IRI in effect at the end of the prologue
  std::vector<Prefix> prefixes;        // as declared, in order
  std::optional<std::string> version;  // VERSION "..." (SPARQL 1.2)

  // SELECT
  bool distinct = false, reduced = false;
  bool select_all = false;    // SELECT *
  std::size_t select_at = 0;  // byte offset of SELECT, for messages
  std::vector<Projection> projection;
  // CONSTRUCT: the template (blank nodes kept as blank nodes). CONSTRUCT WHERE: the
  // pattern's triples, copied here by the parser.
  std::vector<TriplePattern> construct_template;
  // DESCRIBE
  bool describe_all = false;
  std::vector<Node> describe;
  // Dataset
  std::vector<Term> from, from_named;
  // WHERE (absent only for DESCRIBE without WHERE)
  std::optional<GroupPattern> where;
  // Solution modifiers
  std::vector<GroupCondition> group_by;
  std::vector<Expr> having;
  std::vector<OrderCondition> order_by;
  std::optional<std::uint64_t> limit, offset;
  std::optional<InlineData> values;  // the trailing VALUES clause
  TimeClause time;
  // A leading EXPLAIN [ANALYZE] (Annals' extension: the plan instead of the results).
  Explain explain = Explain::kNo;
  std::size_t explain_at = 0;  // byte offset of EXPLAIN, for messages
  // An aggregate appears in SELECT, HAVING or ORDER BY: with or without GROUP BY, the query
  // is grouped (§18.2.4.1).
  bool has_aggregates = false;
};

}  // namespace annals::query::ast
