// The evaluator: walks an expression over a row of ids. Operators work on ids where the
// store's inline values allow it (integers, booleans, dates: FORMAT.md's tags), so that a
// filter like ?n > 100 never decodes a term; everything else decodes through the TermPool
// and goes to the value model (values.hpp, compare.hpp) and the functions (functions.hpp).
#include "expr/evaluator.hpp"

#include <algorithm>
#include <functional>
#include <unordered_map>

#include "expr/compare.hpp"
#include "expr/functions.hpp"
#include "expr/inline_ids.hpp"
#include "expr/values.hpp"

namespace annals::query::expr {

using algebra::Expr;
using algebra::Node;

namespace {

const BuiltinTable& builtins() {
  static const BuiltinTable table = [] {
    BuiltinTable t;
    add_term_functions(t);
    add_string_functions(t);
    add_numeric_functions(t);
    add_datetime_functions(t);
    return t;
  }();
  return table;
}

// The operators, decoded from their spelling once per evaluation by a switch on a character
// or two rather than a chain of string comparisons (filters run on millions of rows).
enum class OpCode : std::uint8_t {
  kOr,
  kAnd,
  kNot,
  kIn,
  kNotIn,
  kEq,
  kNe,
  kLt,
  kGt,
  kLe,
  kGe,
  kAdd,
  kSub,
  kMul,
  kDiv,
  kUnknown
};

OpCode op_code(const std::string& op) {
  char second = op.size() > 1 ? op[1] : '\0';
  switch (op[0]) {
    case '|':
      return OpCode::kOr;
    case '&':
      return OpCode::kAnd;
    case '!':
      return second == '=' ? OpCode::kNe : OpCode::kNot;
    case '=':
      return OpCode::kEq;
    case '<':
      return second == '=' ? OpCode::kLe : OpCode::kLt;
    case '>':
      return second == '=' ? OpCode::kGe : OpCode::kGt;
    case '+':
      return OpCode::kAdd;
    case '-':
      return OpCode::kSub;
    case '*':
      return OpCode::kMul;
    case '/':
      return OpCode::kDiv;
    case 'I':
      return OpCode::kIn;
    case 'N':
      return OpCode::kNotIn;
    default:
      return OpCode::kUnknown;
  }
}

bool apply(OpCode op, int c) {
  switch (op) {
    case OpCode::kLt:
      return c < 0;
    case OpCode::kGt:
      return c > 0;
    case OpCode::kLe:
      return c <= 0;
    case OpCode::kGe:
      return c >= 0;
    case OpCode::kEq:
      return c == 0;
    default:
      return c != 0;  // !=
  }
}

}  // namespace

struct Evaluator::Impl {
  Context ctx;
  Env env;
  // Constants of expressions by node, with the term to tell a reused address apart.
  std::unordered_map<const Node*, std::pair<Term, Id>> constants;
  // BNODE(string) within the current solution.
  std::unordered_map<std::string, Id> bnodes;
  // The numeric values of ids met so far (nullopt: not a number), so that a decimal or
  // double constant is parsed once, not once a row; emptied when it grows large.
  std::unordered_map<Id, std::optional<Numeric>> numbers;

  // The values of calls that depend on one variable and nothing else, by that variable's
  // id: dates, types and amounts repeat across rows, and a call costs far more than a
  // look-up (xsd:double(?n): the integer's text, its parse, the double's text, its
  // interning; SUBSTR(STR(?date), 1, 4) likewise). Results are ids of the pool, which
  // never forgets a term, so a kept result stays valid for the whole run. An expression
  // whose values seldom repeat (labels) stops being memoized.
  // All memos together keep at most kMaxMemoValues results (a few MiB, outside the query's
  // memory budget): a query of a thousand such expressions gets no more.
  static constexpr std::size_t kMaxMemoValues = 1 << 18;
  struct Memo {
    std::int64_t var = -1;  // the one variable; -1: not memoized
    std::unordered_map<Id, Id> values;
    std::size_t hits = 0, misses = 0;
  };
  std::unordered_map<const Expr*, Memo> memos;
  std::size_t memo_values = 0;

  explicit Impl(Context c) : ctx(std::move(c)) { env.base = ctx.base; }

  exec::TermPool& pool() { return *ctx.pool; }
  Id intern(const Value& v) { return v ? pool().intern(*v) : exec::kUnbound; }
  // Called where no pointer into numbers is held: at the start of a public call.
  void trim() {
    if (numbers.size() > (1u << 16)) numbers.clear();
  }
  const Numeric* number(Id id);

  Id eval(const Expr& e, std::span<const Id> row);
  Id node(const Node& n, std::span<const Id> row);
  Id constant(const Node& n);
  Id operation(const Expr& e, std::span<const Id> row);
  Id logical(const Expr& e, std::span<const Id> row);
  Id in(const Expr& e, std::span<const Id> row);
  Id arithmetic_op(char op, Id a, Id b);
  Id unary(OpCode op, Id a);
  Id builtin(const Expr& e, std::span<const Id> row);
  Id memoized(const Expr& e, std::span<const Id> row);
  static std::int64_t memo_var(const Expr& e);
  Id special(const Expr& e, std::span<const Id> row, bool& handled);
  Id function(const Expr& e, std::span<const Id> row);
  // Built-ins and casts to terms, without interning what they compute (call()).
  static inline const BuiltinFn kSpecial = nullptr;  // its address marks special()'s names
  // The tests of a term's kind, answered from an id's tag where it tells (kind_test()): the
  // address of an element marks the test, as kSpecial marks special()'s names.
  enum KindTest : std::uint8_t { kIsIri, kIsBlank, kIsLiteral, kIsNumeric, kIsTriple, kKindTests };
  static inline const BuiltinFn kKindTest[kKindTests] = {};
  Id kind_test(KindTest test, const Expr& e, std::span<const Id> row);
  const BuiltinFn* resolve(const Expr& e);
  Value call(BuiltinFn fn, const Expr& e, std::span<const Id> row);
  const Term* term_of(const Expr& e, std::span<const Id> row, std::optional<Term>& own);
  Value cast_value(const Expr& e, std::span<const Id> row);
  std::optional<bool> relation(OpCode op, Id a, Id b);
  std::optional<bool> ebv_of(Id id);
};

// --- nodes ------------------------------------------------------------------------------------

Id Evaluator::Impl::constant(const Node& n) {
  auto it = constants.find(&n);
  if (it != constants.end() && it->second.first == n.term) return it->second.second;
  Id id = pool().intern(n.term);
  constants[&n] = {n.term, id};
  return id;
}

Id Evaluator::Impl::node(const Node& n, std::span<const Id> row) {
  switch (n.kind) {
    case Node::Kind::kVar:
      return n.var < row.size() ? row[n.var] : exec::kUnbound;
    case Node::Kind::kTerm:
      return constant(n);
    case Node::Kind::kTriple:
      break;
  }
  Id parts[3];
  for (int i = 0; i < 3; ++i) {
    parts[i] = node((*n.triple)[i], row);
    if (parts[i] == exec::kUnbound) return exec::kUnbound;
  }
  Term t = Term::triple_term(pool().term(parts[0]), pool().term(parts[1]), pool().term(parts[2]));
  return pool().intern(t);
}

// The number an id stands for, or nullptr.
const Numeric* Evaluator::Impl::number(Id id) {
  auto it = numbers.find(id);
  if (it == numbers.end()) {
    std::optional<Numeric> n;
    if (is_inline_integer(id)) {
      n = Numeric::integer(Decimal::of(inline_integer(id)));
    } else if (!is_store_resource(id) && !is_inline_boolean(id)) {
      n = numeric_value(pool().term(id));
    }
    it = numbers.emplace(id, std::move(n)).first;
  }
  return it->second ? &*it->second : nullptr;
}

// --- operators --------------------------------------------------------------------------------

std::optional<bool> Evaluator::Impl::ebv_of(Id id) {
  if (id == exec::kUnbound) return std::nullopt;
  if (is_inline_boolean(id)) return inline_boolean(id);
  if (is_inline_integer(id)) return inline_integer(id) != 0;
  const Term& t = pool().term(id);
  if (!t.is_literal()) return std::nullopt;
  // §17.2.2: booleans and numbers by value, false when ill-formed; strings by length.
  if (t.datatype == kXsdBoolean) return boolean_value(t).value_or(false);
  if (is_numeric_datatype(t.datatype)) {
    auto n = numeric_value(t);
    if (!n) return false;
    if (n->type == NumericType::kFloat || n->type == NumericType::kDouble) {
      return !(n->dbl == 0 || n->dbl != n->dbl);
    }
    return n->dec.sign() != 0;
  }
  if (is_string_literal(t)) return !t.value.empty();
  return std::nullopt;
}

// §17.2 truth tables: an error on one side is overruled by the other side's deciding value.
Id Evaluator::Impl::logical(const Expr& e, std::span<const Id> row) {
  std::optional<bool> a = ebv_of(eval(e.args[0], row));
  bool is_or = e.op[0] == '|';
  if (a && *a == is_or) return boolean_id(is_or);
  std::optional<bool> b = ebv_of(eval(e.args[1], row));
  if (b && *b == is_or) return boolean_id(is_or);
  if (!a || !b) return exec::kUnbound;
  return boolean_id(!is_or);
}

// x IN (list): true on the first equal member; an error when no member is equal and one of
// them could not be compared (§17.4.1.9).
Id Evaluator::Impl::in(const Expr& e, std::span<const Id> row) {
  bool negated = e.op[0] == 'N';
  Id x = eval(e.args[0], row);
  if (x == exec::kUnbound) return exec::kUnbound;
  bool error = false;
  for (std::size_t i = 1; i < e.args.size(); ++i) {
    Id y = eval(e.args[i], row);
    std::optional<bool> eq = y == exec::kUnbound ? std::nullopt : relation(OpCode::kEq, x, y);
    if (eq && *eq) return boolean_id(!negated);
    if (!eq) error = true;
  }
  if (error) return exec::kUnbound;
  return boolean_id(negated);
}

std::optional<bool> Evaluator::Impl::relation(OpCode op, Id a, Id b) {
  if (auto c = inline_order(a, b)) return apply(op, *c);
  bool equality = op == OpCode::kEq || op == OpCode::kNe;
  if (equality && (is_store_resource(a) || is_store_resource(b))) {
    return (a == b) == (op == OpCode::kEq);
  }
  if (const Numeric* x = number(a)) {
    if (const Numeric* y = number(b)) {
      Cmp c = compare_numbers(*x, *y);
      if (c == Cmp::kUnordered) return op == OpCode::kNe;  // NaN
      return apply(op, static_cast<int>(c));
    }
  }
  const Term& x = pool().term(a);
  const Term& y = pool().term(b);
  if (equality) {
    auto eq = equal_values(x, y);
    if (!eq) return std::nullopt;
    return *eq == (op == OpCode::kEq);
  }
  auto c = compare_values(x, y);
  if (!c) return std::nullopt;
  if (*c == Cmp::kUnordered) return false;
  return apply(op, static_cast<int>(*c));
}

Id Evaluator::Impl::arithmetic_op(char op, Id a, Id b) {
  if (op != '/' && is_inline_integer(a) && is_inline_integer(b)) {
    std::int64_t x = inline_integer(a), y = inline_integer(b), r = 0;
    bool overflow = op == '+'   ? __builtin_add_overflow(x, y, &r)
                    : op == '-' ? __builtin_sub_overflow(x, y, &r)
                                : __builtin_mul_overflow(x, y, &r);
    if (!overflow) {
      if (auto id = integer_id(r)) return *id;
    }
  }
  const Numeric* x = number(a);
  const Numeric* y = x ? number(b) : nullptr;
  if (!x || !y) return exec::kUnbound;
  return intern(arithmetic(op, *x, *y));
}

Id Evaluator::Impl::operation(const Expr& e, std::span<const Id> row) {
  OpCode op = op_code(e.op);
  switch (op) {
    case OpCode::kOr:
    case OpCode::kAnd:
      return logical(e, row);
    case OpCode::kIn:
    case OpCode::kNotIn:
      return in(e, row);
    case OpCode::kNot: {
      auto v = ebv_of(eval(e.args[0], row));
      return v ? boolean_id(!*v) : exec::kUnbound;
    }
    case OpCode::kUnknown:
      return exec::kUnbound;
    default:
      break;
  }
  if (e.args.size() == 1) return unary(op, eval(e.args[0], row));
  Id a = eval(e.args[0], row);
  Id b = eval(e.args[1], row);
  if (a == exec::kUnbound || b == exec::kUnbound) return exec::kUnbound;
  switch (op) {
    case OpCode::kAdd:
      return arithmetic_op('+', a, b);
    case OpCode::kSub:
      return arithmetic_op('-', a, b);
    case OpCode::kMul:
      return arithmetic_op('*', a, b);
    case OpCode::kDiv:
      return arithmetic_op('/', a, b);
    default: {
      auto r = relation(op, a, b);
      return r ? boolean_id(*r) : exec::kUnbound;
    }
  }
}

// Unary - and + (which gives its number unchanged, op:numeric-unary-plus).
Id Evaluator::Impl::unary(OpCode op, Id a) {
  if (a == exec::kUnbound) return a;
  if (is_inline_integer(a)) {
    if (op == OpCode::kAdd) return a;
    if (auto id = integer_id(-inline_integer(a))) return *id;
  }
  const Term& t = pool().term(a);
  if (op == OpCode::kAdd) return numeric_value(t) ? a : exec::kUnbound;
  return intern(negate(t));
}

// --- calls ------------------------------------------------------------------------------------

// The built-ins that see their arguments unevaluated or need the query run's state.
Id Evaluator::Impl::special(const Expr& e, std::span<const Id> row, bool& handled) {
  handled = true;
  const std::string& name = e.op;
  if (name == "BOUND") return boolean_id(eval(e.args[0], row) != exec::kUnbound);
  if (name == "IF") {
    auto c = ebv_of(eval(e.args[0], row));
    if (!c) return exec::kUnbound;
    return eval(e.args[*c ? 1 : 2], row);
  }
  if (name == "COALESCE") {
    for (const Expr& a : e.args) {
      Id v = eval(a, row);
      if (v != exec::kUnbound) return v;
    }
    return exec::kUnbound;
  }
  if (name == "SAMETERM") {
    Id a = eval(e.args[0], row), b = eval(e.args[1], row);
    if (a == exec::kUnbound || b == exec::kUnbound) return exec::kUnbound;
    return boolean_id(a == b);  // equal terms have equal ids
  }
  if (name == "BNODE") {
    if (e.args.empty()) return pool().fresh_blank();
    Id a = eval(e.args[0], row);
    if (a == exec::kUnbound) return a;
    const Term& t = pool().term(a);
    if (!is_simple_string(t)) return exec::kUnbound;
    auto [it, fresh] = bnodes.try_emplace(t.value, exec::kUnbound);
    if (fresh) it->second = pool().fresh_blank();
    return it->second;
  }
  if (name == "RAND") {
    double r = std::uniform_real_distribution<double>(0.0, 1.0)(env.random());
    return intern(numeric_term(Numeric::floating(r, NumericType::kDouble)));
  }
  if (name == "NOW") return intern(datetime_term(ctx.now_ms));
  if (name == "UUID") return intern(Term::iri("urn:uuid:" + random_uuid(env)));
  if (name == "STRUUID") return intern(simple_literal(random_uuid(env)));
  handled = false;
  return exec::kUnbound;
}

// The built-in e names: its function, kSpecial for the evaluator's own (special()), or
// nullptr for an unknown name. Looked up once per expression (Expr::resolved).
const BuiltinFn* Evaluator::Impl::resolve(const Expr& e) {
  static constexpr BuiltinFn kNoFunction = nullptr;
  static const std::unordered_map<std::string_view, int> kSpecials = {
      {"BOUND", 0}, {"IF", 0},  {"COALESCE", 0}, {"SAMETERM", 0}, {"BNODE", 0},
      {"RAND", 0},  {"NOW", 0}, {"UUID", 0},     {"STRUUID", 0}};
  static const std::unordered_map<std::string_view, KindTest> kKinds = {
      {"ISIRI", kIsIri},         {"ISURI", kIsIri},         {"ISBLANK", kIsBlank},
      {"ISLITERAL", kIsLiteral}, {"ISNUMERIC", kIsNumeric}, {"ISTRIPLE", kIsTriple}};
  if (!e.resolved) {
    auto kind = kKinds.find(e.op);
    if (kSpecials.count(e.op)) {
      e.resolved = &kSpecial;
    } else if (kind != kKinds.end() && e.args.size() == 1) {
      e.resolved = &kKindTest[kind->second];
    } else {
      auto it = builtins().find(e.op);
      e.resolved = it == builtins().end() ? &kNoFunction : &it->second;
    }
  }
  return static_cast<const BuiltinFn*>(e.resolved);
}

Id Evaluator::Impl::builtin(const Expr& e, std::span<const Id> row) {
  const BuiltinFn* fn = resolve(e);
  if (fn == &kSpecial) {
    bool handled = false;
    return special(e, row, handled);
  }
  if (fn >= kKindTest && fn < kKindTest + kKindTests)
    return kind_test(static_cast<KindTest>(fn - kKindTest), e, row);
  if (!*fn) return exec::kUnbound;
  return intern(call(*fn, e, row));
}

// isIRI, isBlank, isLiteral, isNumeric, isTriple of a store id need no term: its tag says
// (FORMAT.md "Term ids"). Only a dictionary literal's isNumeric (a decimal or a double is
// stored as a literal) and a term the query computed are decoded.
Id Evaluator::Impl::kind_test(KindTest test, const Expr& e, std::span<const Id> row) {
  Id id = eval(e.args[0], row);
  if (id == exec::kUnbound) return exec::kUnbound;
  const std::uint8_t tag = tag_of(id);
  const bool literal = tag == kTagLiteral || is_inline(id);
  if (tag != kTagQueryLocal && !(test == kIsNumeric && tag == kTagLiteral)) {
    switch (test) {
      case kIsIri:
        return boolean_id(tag == kTagIri);
      case kIsBlank:
        return boolean_id(tag == kTagBlank || tag == kTagTemplateBlank);
      case kIsLiteral:
        return boolean_id(literal);
      case kIsNumeric:
        return boolean_id(tag == kTagInteger);
      case kIsTriple:
        return boolean_id(tag == kTagTriple);
      case kKindTests:
        break;
    }
  }
  const Term& t = pool().term(id);
  switch (test) {
    case kIsIri:
      return boolean_id(t.is_iri());
    case kIsBlank:
      return boolean_id(t.is_blank());
    case kIsLiteral:
      return boolean_id(t.is_literal());
    case kIsNumeric:
      return boolean_id(numeric_value(t).has_value());
    case kIsTriple:
    case kKindTests:
      break;
  }
  return boolean_id(t.is_triple());
}

// A built-in's value from its arguments' terms. An argument that is itself a function call
// is evaluated to a term and not interned: CONTAINS(LCASE(STR(?l)), "x") makes two strings
// and interns only its boolean, where interning each string would cost a look-up in the
// store's dictionary (is this a term the store has?) for every row.
Value Evaluator::Impl::call(BuiltinFn fn, const Expr& e, std::span<const Id> row) {
  const std::size_t n = e.args.size();
  const Term* terms[4];
  std::optional<Term> owned[4];
  std::vector<const Term*> many_terms;
  std::vector<std::optional<Term>> many_owned;
  if (n > 4) {
    many_terms.resize(n);
    many_owned.resize(n);
  }
  const Term** args = n > 4 ? many_terms.data() : terms;
  std::optional<Term>* own = n > 4 ? many_owned.data() : owned;
  for (std::size_t i = 0; i < n; ++i) {
    args[i] = term_of(e.args[i], row, own[i]);
    if (!args[i]) return std::nullopt;
  }
  return fn(env, Args(args, n));
}

const Term* Evaluator::Impl::term_of(const Expr& e, std::span<const Id> row,
                                     std::optional<Term>& own) {
  if (e.kind == Expr::Kind::kBuiltin) {
    const BuiltinFn* fn = resolve(e);
    const bool by_id = fn == &kSpecial || (fn >= kKindTest && fn < kKindTest + kKindTests);
    if (!by_id) {
      if (!*fn) return nullptr;
      own = call(*fn, e, row);
      return own ? &*own : nullptr;
    }
  } else if (e.kind == Expr::Kind::kFunction) {
    own = cast_value(e, row);
    return own ? &*own : nullptr;
  }
  Id id = eval(e, row);
  return id == exec::kUnbound ? nullptr : &pool().term(id);
}

// A function called by IRI: the XSD casts; any other function is unknown, an error.
Value Evaluator::Impl::cast_value(const Expr& e, std::span<const Id> row) {
  if (e.args.size() != 1 || !is_cast(e.iri.value)) return std::nullopt;
  std::optional<Term> own;
  const Term* a = term_of(e.args[0], row, own);
  if (!a) return std::nullopt;
  auto v = cast(e.iri.value, *a);
  return v ? *v : std::nullopt;
}

Id Evaluator::Impl::function(const Expr& e, std::span<const Id> row) {
  return intern(cast_value(e, row));
}

bool fresh_each_call(std::string_view builtin) {
  return builtin == "RAND" || builtin == "UUID" || builtin == "STRUUID" || builtin == "BNODE";
}

bool reads_text(const Expr& e) {
  static constexpr std::string_view kByIdOrArgs[] = {
      "BOUND", "IF", "COALESCE", "SAMETERM", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL",
      "ISNUMERIC", "ISTRIPLE"};
  if (e.kind == Expr::Kind::kFunction) return true;
  if (e.kind == Expr::Kind::kBuiltin &&
      std::find(std::begin(kByIdOrArgs), std::end(kByIdOrArgs), e.op) == std::end(kByIdOrArgs))
    return true;
  return std::any_of(e.args.begin(), e.args.end(), reads_text);
}

// The one variable a call's value depends on, or -1: none or several, a call that reads no
// text (answering it costs less than looking it up), or one whose value is not a function
// of its arguments (fresh_each_call(), EXISTS). NOW is one instant for the whole run.
std::int64_t Evaluator::Impl::memo_var(const Expr& e) {
  if (!reads_text(e)) return -1;
  std::int64_t var = -1;
  bool ok = true;
  std::function<void(const Expr&)> walk = [&](const Expr& x) {
    if (!ok) return;
    if (x.kind == Expr::Kind::kExists || x.kind == Expr::Kind::kAggregate ||
        (x.kind == Expr::Kind::kBuiltin && fresh_each_call(x.op))) {
      ok = false;
      return;
    }
    if (x.kind == Expr::Kind::kNode) {
      algebra::visit_vars(x.node, [&](algebra::Var v) {
        if (var >= 0 && var != static_cast<std::int64_t>(v)) ok = false;
        var = static_cast<std::int64_t>(v);
      });
    }
    for (const Expr& a : x.args) walk(a);
  };
  walk(e);
  return ok ? var : -1;
}

Id Evaluator::Impl::memoized(const Expr& e, std::span<const Id> row) {
  auto compute = [&] { return e.kind == Expr::Kind::kBuiltin ? builtin(e, row) : function(e, row); };
  auto [it, fresh] = memos.try_emplace(&e);
  Memo& m = it->second;
  if (fresh) m.var = memo_var(e);
  if (m.var < 0 || static_cast<std::size_t>(m.var) >= row.size()) return compute();
  const Id key = row[static_cast<std::size_t>(m.var)];
  if (auto hit = m.values.find(key); hit != m.values.end()) {
    ++m.hits;
    return hit->second;
  }
  const Id value = compute();
  // Past a few thousand values with fewer than one hit in four, the look-ups cost more
  // than they save.
  if (++m.misses > 4096 && m.hits < m.misses / 4) {
    m.var = -1;
    memo_values -= m.values.size();
    m.values = {};
  } else if (memo_values < kMaxMemoValues) {
    m.values.emplace(key, value);
    ++memo_values;
  }
  return value;
}

Id Evaluator::Impl::eval(const Expr& e, std::span<const Id> row) {
  switch (e.kind) {
    case Expr::Kind::kNode:
      return node(e.node, row);
    case Expr::Kind::kOperator:
      return operation(e, row);
    case Expr::Kind::kBuiltin:
    case Expr::Kind::kFunction:
      return memoized(e, row);
    case Expr::Kind::kExists: {
      if (!ctx.exists || !e.pattern) return exec::kUnbound;
      bool found = ctx.exists(*e.pattern, row);
      return boolean_id(e.op == "NOT EXISTS" ? !found : found);
    }
    case Expr::Kind::kAggregate:
      break;  // replaced by a variable after grouping; never evaluated as such
  }
  return exec::kUnbound;
}

// --- Evaluator --------------------------------------------------------------------------------

Evaluator::Evaluator(Context context) : impl_(std::make_unique<Impl>(std::move(context))) {}
Evaluator::~Evaluator() = default;
Evaluator::Evaluator(Evaluator&&) noexcept = default;
Evaluator& Evaluator::operator=(Evaluator&&) noexcept = default;

Id Evaluator::eval(const Expr& e, std::span<const Id> row) {
  impl_->trim();
  return impl_->eval(e, row);
}

std::optional<bool> Evaluator::ebv(const Expr& e, std::span<const Id> row) {
  impl_->trim();
  return impl_->ebv_of(impl_->eval(e, row));
}

bool Evaluator::test(const std::vector<Expr>& conjunction, std::span<const Id> row) {
  impl_->trim();
  for (const Expr& e : conjunction) {
    auto v = ebv(e, row);
    if (!v || !*v) return false;
  }
  return true;
}

void Evaluator::next_solution() { impl_->bnodes.clear(); }

int Evaluator::order(Id a, Id b) {
  if (a == b) return 0;
  if (a == exec::kUnbound) return -1;
  if (b == exec::kUnbound) return 1;
  if (auto c = inline_order(a, b)) return *c;
  int c = order_terms(impl_->pool().term(a), impl_->pool().term(b));
  if (c != 0) return c;
  return a < b ? -1 : 1;
}

std::optional<bool> Evaluator::equal(Id a, Id b) {
  if (a == exec::kUnbound || b == exec::kUnbound) return std::nullopt;
  impl_->trim();
  return impl_->relation(OpCode::kEq, a, b);
}

exec::TermPool& Evaluator::pool() { return impl_->pool(); }

}  // namespace annals::query::expr
