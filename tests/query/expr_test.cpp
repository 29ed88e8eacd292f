// The expression evaluator's API (SPARQL 1.1 §17): what a table of values cannot show. The
// values of expressions and aggregates are tables in tests/sparql/expressions/*.test; here
// are the inline ids, the values that change per call or per solution (NOW, RAND, UUID,
// BNODE), ORDER BY's order and value equality on ids, the FILTER/EXISTS API and the exact
// decimals. Expressions are parsed as SELECT (EXPR AS ?x) {}, translated to the algebra and
// evaluated on an empty row against a small store; results are compared in N-Triples.
#include <catch2/catch.hpp>
#include <functional>
#include <string>

#include "../support/temp_dir.hpp"
#include "algebra/translate.hpp"
#include "annals/query.hpp"
#include "annals/store.hpp"
#include "ast/parsed_query.hpp"
#include "exec/term_pool.hpp"
#include "expr/decimal.hpp"
#include "expr/evaluator.hpp"
#include "expr/inline_ids.hpp"

namespace {

using annals::Term;
using annals::query::algebra::Op;
using annals::query::exec::Id;
using annals::query::exec::kUnbound;
using annals::query::exec::TermPool;
namespace expr = annals::query::expr;

constexpr const char* kPrologue =
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
    "PREFIX : <http://x/>\n";

std::string typed(const std::string& lexical, const std::string& local) {
  return "\"" + lexical + "\"^^<http://www.w3.org/2001/XMLSchema#" + local + ">";
}
std::string I(const std::string& v) { return typed(v, "integer"); }
const std::string T = typed("true", "boolean");
const std::string F_ = typed("false", "boolean");
const std::string kError = "error";

// The first operator of kind k in the tree.
const Op* find(const Op& op, Op::Kind k) {
  if (op.kind == k) return &op;
  for (const auto& c : op.children) {
    if (const Op* f = find(*c, k)) return f;
  }
  return nullptr;
}

// The algebra of a query that must parse and translate.
annals::query::algebra::Query translated(const std::string& text) {
  auto parsed = annals::parse_query(text);
  INFO(text);
  REQUIRE(parsed.is_ok());
  auto q = annals::query::algebra::translate(annals::query::ast::syntax_tree(*parsed));
  REQUIRE(q.is_ok());
  return std::move(*q);
}

// A store with a few terms in its dictionary, a read view and an evaluator on it.
class Fixture {
 public:
  explicit Fixture(std::function<bool(const Op&, std::span<const Id>)> exists = nullptr)
      : store_(open(dir_)),
        txn_(read(store_)),
        pool_(txn_),
        evaluator_(expr::Context{&pool_, std::move(exists), 1733011200123, "http://base/dir/"}) {}

  TermPool& pool() { return pool_; }
  expr::Evaluator& evaluator() { return evaluator_; }

  // The value of an expression in N-Triples, or "error".
  std::string eval(const std::string& expression) {
    auto q = translated(std::string(kPrologue) + "SELECT (" + expression + " AS ?x) {}");
    const Op* extend = find(*q.root, Op::Kind::kExtend);
    REQUIRE(extend);
    evaluator_.next_solution();
    std::vector<Id> row(q.vars.size(), kUnbound);
    return text(evaluator_.eval(extend->expr, row));
  }

  // Whether FILTER passes the row (?a, ?b, ... bound in order to values).
  bool filter(const std::string& query, const std::vector<Term>& values) {
    auto q = translated(std::string(kPrologue) + query);
    const Op* op = find(*q.root, Op::Kind::kFilter);
    REQUIRE(op);
    std::vector<Id> row(q.vars.size(), kUnbound);
    for (std::size_t i = 0; i < values.size(); ++i) row[i] = pool_.intern(values[i]);
    return evaluator_.test(op->exprs, row);
  }

  std::string text(Id id) { return id == kUnbound ? kError : annals::to_ntriples(pool_.term(id)); }

 private:
  static annals::Store open(const annals::testing::TempDir& dir) {
    auto store = annals::Store::open(dir / "s");
    REQUIRE(store);
    auto w = store->write();
    REQUIRE(w);
    auto s = w->intern(Term::iri("http://x/s"));
    auto p = w->intern(Term::iri("http://x/p"));
    for (const Term& o :
         {Term::literal("hello"), Term::literal("1.50", std::string(annals::kXsdDecimal)),
          Term::literal("5", std::string(annals::kXsdInteger)), Term::lang_literal("chat", "fr")}) {
      auto id = w->intern(o);
      REQUIRE(id);
      REQUIRE(w->assert_fact(*s, *p, *id, 0));
    }
    REQUIRE(w->commit("expr test data"));
    return std::move(*store);
  }
  static annals::ReadTxn read(const annals::Store& store) {
    auto r = store.read();
    REQUIRE(r);
    return std::move(*r);
  }

  annals::testing::TempDir dir_;
  annals::Store store_;
  annals::ReadTxn txn_;
  TermPool pool_;
  expr::Evaluator evaluator_;
};

}  // namespace

TEST_CASE("inline ids are the store's own", "[expr]") {
  Fixture f;
  CHECK(f.pool().intern(Term::literal("42", std::string(annals::kXsdInteger))) ==
        *annals::integer_id(42));
  CHECK(f.pool().intern(Term::literal("-7", std::string(annals::kXsdInteger))) ==
        *annals::integer_id(-7));
  CHECK(f.pool().intern(Term::literal("true", std::string(annals::kXsdBoolean))) ==
        annals::boolean_id(true));
  CHECK(f.pool().intern(Term::literal("false", std::string(annals::kXsdBoolean))) ==
        annals::boolean_id(false));
}

TEST_CASE("values that change per call or per solution", "[expr]") {
  Fixture f;
  CHECK(f.eval("STR(BNODE())") == kError);
  CHECK(f.eval("isBLANK(BNODE())") == T);
  CHECK(f.eval("BNODE() = BNODE()") == F_);
  CHECK(f.eval("DATATYPE(RAND())") == "<http://www.w3.org/2001/XMLSchema#double>");
  CHECK(f.eval("RAND() >= 0 && RAND() < 1") == T);
  // NOW() is the query's start time, the same in every call (the fixture's clock).
  CHECK(f.eval("NOW()") == typed("2024-12-01T00:00:00.123Z", "dateTime"));
  CHECK(f.eval("NOW() = NOW()") == T);
  CHECK(f.eval("STRLEN(STRUUID())") == I("36"));
  CHECK(f.eval("STRSTARTS(STR(UUID()), \"urn:uuid:\")") == T);
  CHECK(f.eval("REGEX(STRUUID(), "
               "\"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$\")") == T);
  CHECK(f.eval("UUID() = UUID()") == F_);
}

TEST_CASE("ORDER BY order and value equality on ids", "[expr]") {
  Fixture f;
  auto& ev = f.evaluator();
  auto& pool = f.pool();
  auto id = [&](const Term& t) { return pool.intern(t); };
  auto lit = [](const std::string& v, std::string_view dt) {
    return Term::literal(v, std::string(dt));
  };
  Id blank = pool.fresh_blank();
  Id iri = id(Term::iri("http://x/a"));
  Id one = id(lit("1", annals::kXsdInteger));
  Id two = id(lit("2", annals::kXsdInteger));
  Id one_and_half = id(lit("1.5", annals::kXsdDecimal));
  Id one_dec = id(lit("1.0", annals::kXsdDecimal));
  Id str_a = id(Term::literal("a"));
  Id str_b = id(Term::literal("b"));
  CHECK(ev.order(kUnbound, blank) < 0);
  CHECK(ev.order(blank, iri) < 0);
  CHECK(ev.order(iri, one) < 0);
  CHECK(ev.order(one, one_and_half) < 0);
  CHECK(ev.order(one_and_half, two) < 0);
  CHECK(ev.order(two, one) > 0);
  CHECK(ev.order(one, one) == 0);
  CHECK(ev.order(one, one_dec) != 0);  // equal values, different terms: a stable tie-break
  CHECK(ev.order(one, one_dec) == -ev.order(one_dec, one));
  CHECK(ev.order(str_a, str_b) < 0);
  CHECK(ev.order(two, str_a) < 0);  // numbers before strings
  CHECK(ev.equal(one, one_dec) == std::optional<bool>(true));
  CHECK(ev.equal(one, two) == std::optional<bool>(false));
  CHECK(ev.equal(one, kUnbound) == std::nullopt);
  CHECK(ev.equal(str_a, iri) == std::optional<bool>(false));
  Id d1 = id(lit("2020-01-01", "http://www.w3.org/2001/XMLSchema#date"));
  Id d2 = id(lit("2021-01-01", "http://www.w3.org/2001/XMLSchema#date"));
  CHECK(ev.order(d1, d2) < 0);
  CHECK(ev.equal(d1, d2) == std::optional<bool>(false));
}

TEST_CASE("FILTER conjunctions, EXISTS and the effective boolean value API", "[expr]") {
  int calls = 0;
  Fixture f([&](const Op& pattern, std::span<const Id> row) {
    ++calls;
    CHECK(pattern.kind == Op::Kind::kBgp);
    return row[0] != kUnbound;
  });
  Term one = Term::literal("1", std::string(annals::kXsdInteger));
  Term five = Term::literal("5", std::string(annals::kXsdInteger));
  CHECK(f.filter("SELECT * { ?a :p ?b FILTER(?a < ?b) }", {one, five}));
  CHECK_FALSE(f.filter("SELECT * { ?a :p ?b FILTER(?a > ?b) }", {one, five}));
  // Each FILTER of a group is one conjunct; an error is false.
  CHECK_FALSE(f.filter("SELECT * { ?a :p ?b FILTER(?a < ?b) FILTER(?a / 0) }", {one, five}));
  CHECK(f.filter("SELECT * { ?a :p ?b FILTER(?a < ?b) FILTER(?b) }", {one, five}));
  CHECK(f.filter("SELECT * { ?a :p ?b FILTER EXISTS { ?a :q ?c } }", {one, five}));
  CHECK_FALSE(f.filter("SELECT * { ?a :p ?b FILTER NOT EXISTS { ?a :q ?c } }", {one, five}));
  CHECK(calls == 2);
  // Without an exists hook EXISTS is an error.
  Fixture bare;
  CHECK_FALSE(bare.filter("SELECT * { ?a :p ?b FILTER EXISTS { ?a :q ?c } }", {one, five}));
  CHECK_FALSE(bare.filter("SELECT * { ?a :p ?b FILTER NOT EXISTS { ?a :q ?c } }", {one, five}));
}

TEST_CASE("BNODE(string) is one blank node per solution", "[expr]") {
  Fixture f;
  auto q = translated("SELECT (BNODE(\"k\") AS ?x) {}");
  const Op* extend = find(*q.root, Op::Kind::kExtend);
  REQUIRE(extend);
  std::vector<Id> row(q.vars.size(), kUnbound);
  auto& ev = f.evaluator();
  ev.next_solution();
  Id first = ev.eval(extend->expr, row);
  CHECK(ev.eval(extend->expr, row) == first);
  ev.next_solution();
  Id second = ev.eval(extend->expr, row);
  CHECK(second != first);
  CHECK(f.pool().term(second).is_blank());
  CHECK(ev.ebv(extend->expr, row) == std::nullopt);  // a blank node has no EBV
}

TEST_CASE("exact decimals", "[expr]") {
  using expr::Decimal;
  auto dec = [](const char* s) { return *Decimal::parse(s); };
  CHECK(dec("+33.3300").to_string() == "33.33");
  CHECK(dec("-0.0").to_string() == "0.0");
  CHECK(dec("1.").to_string() == "1.0");
  CHECK(dec(".5").to_string() == "0.5");
  CHECK_FALSE(Decimal::parse("."));
  CHECK_FALSE(Decimal::parse("1e3"));
  CHECK_FALSE(Decimal::parse("1.5", true));
  CHECK(dec("123456789012345678901234567890.5").to_string() == "123456789012345678901234567890.5");
  CHECK((dec("0.1") + dec("0.2")).to_string() == "0.3");
  CHECK((dec("1.10") - dec("1.1")).to_string() == "0.0");
  CHECK(Decimal::divide(dec("1"), dec("8"))->to_string() == "0.125");
  CHECK(Decimal::divide(dec("10"), dec("3"))->to_string() == "3.333333333333333333333333");
  CHECK_FALSE(Decimal::divide(dec("1"), dec("0.0")));
  CHECK(Decimal::from_double(0.1)->to_string() == "0.1");
  CHECK(Decimal::from_double(1e20)->to_string() == "100000000000000000000.0");
  CHECK(Decimal::from_double(-7.875)->to_string() == "-7.875");
  CHECK_FALSE(Decimal::from_double(1.0 / 0.0));
  CHECK(dec("-2.5").floor().to_string() == "-3.0");
  CHECK(dec("-2.5").ceil().to_string() == "-2.0");
  CHECK(dec("-2.5").round().to_string() == "-2.0");
  CHECK(dec("2.5").round().to_string() == "3.0");
  CHECK(dec("-2.7").trunc().to_integer_string() == "-2");
  CHECK(compare(dec("1.0"), dec("1")) == 0);
  CHECK(compare(dec("-1"), dec("0.5")) < 0);
  CHECK(dec("42").to_int64() == std::optional<std::int64_t>(42));
  CHECK_FALSE(dec("4.2").to_int64());
}
