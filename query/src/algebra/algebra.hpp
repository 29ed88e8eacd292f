// The SPARQL algebra (SPARQL 1.1 §18.2 and §18.5) that the translation of the syntax tree
// produces and the planner will rewrite: a tree of operators owned through unique_ptr, whose
// variables are small integer slots of the query's variable table (the executor works on
// rows of ids indexed by these slots; names are kept only for output and printing).
//
// One operator type with a kind and the fields each kind uses keeps rewriting simple: a rule
// takes an Op by value, looks at `kind` and moves children around. Expressions mirror the
// syntax tree's (§17) with variables as slots, aggregates replaced by hidden variables
// after grouping (§18.2.4.1), and EXISTS holding an algebra sub-tree (§18.2.2.6).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "annals/term.hpp"
#include "ast/ast.hpp"

namespace annals::query::algebra {

// A variable: its slot in the query's VarTable.
using Var = std::uint32_t;

// Where a variable comes from. Only kNamed variables are ever projected (SELECT * leaves
// the others out; §4.1.4 for blank nodes, §18.2.2.4 for paths, §18.2.4.1 for aggregates).
enum class VarOrigin : std::uint8_t {
  kNamed,      // ?x in the query text
  kBlank,      // a blank node of a pattern (§4.1.4), or one the parser made ([ ], lists)
  kPath,       // a fresh variable joining the steps of a path sequence (§18.2.2.4)
  kAggregate,  // agg_i: an aggregate's value after grouping (§18.2.4.1)
};

// The variables of one query with its sub-queries and EXISTS patterns, in one slot space.
// A name means one slot within its scope: EXISTS shares its query's (it substitutes the
// current solution, §18.6), while a sub-SELECT shares only what it projects (§18.2.1): its
// other variables get slots of their own, written with a '/' per level of nesting (?/x), so
// that no step of execution can confuse them with the outer query's.
class VarTable {
 public:
  // The slot of ?name in the current scope (kNamed), or of blank node _:label (kBlank, one
  // scope for the whole query: the parser keeps labels apart), made on first use.
  Var named(const std::string& name);
  Var blank(const std::string& label);
  // A new slot that no name reaches (kPath, kAggregate): named P1, P2, ... or agg_1, agg_2, ...
  Var fresh(VarOrigin origin);

  // Enters a sub-SELECT that projects shared: those names keep their slots, the others get
  // new ones. Returns what leave_scope needs to restore the outer scope.
  struct Scope {
    std::vector<std::string> names;
    std::vector<Var> slots;
  };
  Scope enter_scope(const std::vector<std::string>& shared);
  void leave_scope(Scope outer);

  std::size_t size() const { return names_.size(); }
  const std::string& name(Var v) const { return names_[v]; }
  VarOrigin origin(Var v) const { return origins_[v]; }
  bool hidden(Var v) const { return origins_[v] != VarOrigin::kNamed; }

 private:
  Var add(std::string name, VarOrigin origin);
  std::vector<std::string> names_;
  std::vector<VarOrigin> origins_;
  Scope scope_;        // the names of the current scope and their slots
  std::string depth_;  // '/' per sub-SELECT level
  std::vector<std::string> blanks_;
  std::vector<Var> blank_slots_;
  std::uint32_t paths_ = 0, aggregates_ = 0;
};

// A position in a triple pattern: a variable, an RDF term, or an RDF 1.2 triple term whose
// parts may be variables.
struct Node {
  enum class Kind : std::uint8_t { kVar, kTerm, kTriple };
  Kind kind = Kind::kTerm;
  Var var = 0;                                      // kVar
  Term term;                                        // kTerm
  std::shared_ptr<const std::vector<Node>> triple;  // kTriple: subject, predicate, object

  static Node variable(Var v);
  static Node of(Term t);
  bool is_var() const { return kind == Kind::kVar; }
};

// What a fact pattern reads of each fact's valid time (docs/DESIGN.md "The vocabulary"):
// annals:validFrom, annals:validTo or annals:validIn.
// time.hpp's TimeBound, the one enum of the three predicates.
using ValidBound = TimeBound;
// "validFrom", "validTo", "validIn": the local name in the annals: namespace.
const char* bound_name(ValidBound b);

// One annotation of a fact pattern: `value` (a variable to bind, or a term to match exactly)
// is the fact's bound, as an xsd:gYear, xsd:gYearMonth or xsd:date literal.
struct ValidOutput {
  ValidBound bound = ValidBound::kFrom;
  Node value;
};

// A triple pattern. With `valid` empty, a plain pattern: each matching quad once (set
// semantics). Otherwise a fact pattern, made from an annotation group by
// fact_patterns.hpp: each fact (occurrence) of a matching quad once, with its valid time.
struct TriplePattern {
  Node subject, predicate, object;
  std::vector<ValidOutput> valid;

  TriplePattern() = default;
  TriplePattern(Node s, Node p, Node o, std::vector<ValidOutput> v = {})
      : subject(std::move(s)), predicate(std::move(p)), object(std::move(o)), valid(std::move(v)) {}
  bool is_fact() const { return !valid.empty(); }
};

// A property path expression after §18.2.2.3: links, inverses, sequences, alternatives,
// the three closures and negated property sets. Sequences and alternatives are n-ary
// (the spec's binary forms nested to the left mean the same).
struct Path {
  enum class Kind : std::uint8_t {
    kLink,         // iri
    kInverse,      // inv(args[0])
    kSequence,     // seq(args...)
    kAlternative,  // alt(args...)
    kZeroOrMore,   // ZeroOrMorePath(args[0])
    kOneOrMore,    // OneOrMorePath(args[0])
    kZeroOrOne,    // ZeroOrOnePath(args[0])
    kNegated,      // NPS(iris): forward links only; !^p is inv(NPS({p}))
  };
  Kind kind = Kind::kLink;
  Term iri;                // kLink
  std::vector<Term> iris;  // kNegated
  std::vector<Path> args;
};

struct Op;

// An expression (§17): the syntax tree's, with variables as slots. After grouping, an
// aggregate in SELECT, HAVING or ORDER BY is a kNode variable of origin kAggregate; kAggregate
// expressions appear only in Op::aggregates.
struct Expr {
  enum class Kind : std::uint8_t {
    kNode,       // a variable, an RDF term or a triple term with variables
    kOperator,   // op applied to args ("&&", "=", "IN", "-", ...; as in ast::Expr)
    kBuiltin,    // built-in call op(args) (§17.4): "STR", "REGEX", "BOUND", ...
    kFunction,   // a call of the function (or cast) named iri
    kAggregate,  // COUNT, SUM, MIN, MAX, AVG, SAMPLE, GROUP_CONCAT; no args for COUNT(*)
    kExists,     // exists(pattern), or not-exists when op is "NOT EXISTS" (§18.2.2.6)
  };
  Kind kind = Kind::kNode;
  std::string op;
  Node node;  // kNode
  Term iri;   // kFunction
  std::vector<Expr> args;
  bool distinct = false;                 // aggregates and custom function calls
  std::optional<std::string> separator;  // GROUP_CONCAT
  std::unique_ptr<Op> pattern;           // kExists
  // The evaluator's: what `op` names, looked up on first use so that no row pays for a
  // name look-up (it moves with the expression, as `op` does).
  mutable const void* resolved = nullptr;

  Expr();
  Expr(Expr&&) noexcept;
  Expr& operator=(Expr&&) noexcept;
  ~Expr();
  static Expr variable(Var v);
};

// GROUP BY key: an expression, bound to var when written (expr AS ?v) or when it is a
// variable (§18.2.4.1: the group's solutions keep the key variables).
struct GroupKey {
  std::optional<Var> var;
  Expr expr;
};

// One aggregation of a Group (§18.2.4.1's Aggregation(args, R, scalarvals, G)), bound to a
// kAggregate variable.
struct Aggregation {
  Var var = 0;
  Expr expr;  // kind kAggregate
};

struct SortKey {
  Expr expr;
  bool descending = false;
};

// VALUES and the trailing VALUES clause (§18.2.2.6 Translate(InlineData), §18.2.4.3): a
// multiset of rows over vars, nullopt for UNDEF.
struct Table {
  std::vector<Var> vars;
  std::vector<std::vector<std::optional<Term>>> rows;
};

// One operator of the algebra. Fields not named by a kind's comment are unused by it.
// The pattern is a multiset of solutions (Table and a sub-SELECT are ToMultiSet already);
// the root of a query is read as a sequence (ToList, §18.2.5.1), so these two conversions
// have no operator of their own.
struct Op {
  enum class Kind : std::uint8_t {
    kBgp,       // triples; no triples is Z, the empty pattern (one solution, no bindings)
    kPath,      // Path(subject, path, object) (§18.2.2.4)
    kJoin,      // Join(children[0], children[1])
    kLeftJoin,  // LeftJoin(children[0], children[1], exprs): exprs empty means true
    kFilter,    // Filter(exprs, children[0]): the conjunction of exprs
    kUnion,     // Union(children[0], children[1])
    kGraph,     // Graph(name, children[0])
    kExtend,    // Extend(children[0], var, expr)
    kMinus,     // Minus(children[0], children[1])
    kGroup,     // Group(keys, children[0]) with its AggregateJoin(aggregates); no keys is
                // Group((1), ...), one group even for no solutions
    kTable,     // ToMultiSet(table)
    kService,   // Service(name, children[0], silent)
    kOrderBy,   // OrderBy(children[0], order)
    kProject,   // Project(children[0], vars)
    kDistinct,  // Distinct(children[0])
    kReduced,   // Reduced(children[0])
    kSlice,     // Slice(children[0], offset, limit)
  };
  Kind kind = Kind::kBgp;
  std::vector<std::unique_ptr<Op>> children;
  std::vector<TriplePattern> triples;          // kBgp
  Node subject, object;                        // kPath
  Path path;                                   // kPath
  std::vector<Expr> exprs;                     // kFilter, kLeftJoin
  Node name;                                   // kGraph, kService
  bool silent = false;                         // kService
  Var var = 0;                                 // kExtend
  Expr expr;                                   // kExtend
  std::vector<GroupKey> keys;                  // kGroup
  std::vector<Aggregation> aggregates;         // kGroup
  Table table;                                 // kTable
  std::vector<SortKey> order;                  // kOrderBy
  std::vector<Var> vars;                       // kProject
  std::optional<std::uint64_t> offset, limit;  // kSlice

  explicit Op(Kind k) : kind(k) {}
  bool is_empty_bgp() const { return kind == Kind::kBgp && triples.empty(); }
};

using OpPtr = std::unique_ptr<Op>;

// Calls f for each occurrence of a variable: in a node (triple terms included), a triple
// pattern (its annotations too), an expression (EXISTS patterns too), or an operator and
// everything below it.
using VarVisitor = std::function<void(Var)>;
void visit_vars(const Node& n, const VarVisitor& f);
void visit_vars(const TriplePattern& t, const VarVisitor& f);
void visit_vars(const Expr& e, const VarVisitor& f);
void visit_vars(const Op& op, const VarVisitor& f);

// Deep copies, for rewrites that need a sub-tree twice (a filter pushed into both sides of
// a union, say). EXISTS patterns are copied too.
Expr clone(const Expr& e);
OpPtr clone(const Op& op);

// A whole query: its form, the pattern with its solution modifiers, and what stays at the
// query level for the planner to push into the scans (the dataset, our temporal clause).
struct Query {
  ast::Form form = ast::Form::kSelect;
  VarTable vars;
  OpPtr root;
  std::vector<Var> projection;                    // SELECT: the variables returned, in order
  std::vector<TriplePattern> construct_template;  // CONSTRUCT; blank nodes stay terms
  std::vector<Node> describe;                     // DESCRIBE: IRIs and variables (* expanded)
  std::vector<Term> from, from_named;             // FROM, FROM NAMED (§13.2)
  ast::TimeClause time;                           // VALID AT/DURING, AS OF
};

}  // namespace annals::query::algebra
