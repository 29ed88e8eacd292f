// Scans of triple patterns on the store's indexes (one row per quad, or per fact for fact
// patterns, with their valid time), the empty pattern, and graph names.
#include <algorithm>
#include <array>
#include <unordered_set>

#include "annals/scan_tuning.hpp"
#include "exec/operators.hpp"
#include "expr/inline_ids.hpp"

namespace annals::query::exec {

namespace {

// Binds or checks var in row; false on a clash.
bool bind_slot(std::span<Id> row, Var v, Id id) {
  if (row[v] == kUnbound) {
    row[v] = id;
    return true;
  }
  return row[v] == id;
}

// Matches a pattern node against id, binding its variables in row.
bool match_node(TermPool& pool, const algebra::Node& n, Id id, std::span<Id> row) {
  switch (n.kind) {
    case algebra::Node::Kind::kVar:
      return bind_slot(row, n.var, id);
    case algebra::Node::Kind::kTerm:
      return pool.lookup(n.term) == std::optional<Id>(id);
    case algebra::Node::Kind::kTriple: {
      const Term& t = pool.term(id);
      if (!t.is_triple()) return false;
      const Term* parts[3] = {&t.triple->subject, &t.triple->predicate, &t.triple->object};
      for (int i = 0; i < 3; ++i) {
        Id part = pool.intern(*parts[i]);
        if (!match_node(pool, (*n.triple)[static_cast<std::size_t>(i)], part, row)) return false;
      }
      return true;
    }
  }
  return false;
}

// The bound of a fact's valid time that an annotation names, if the fact has it:
// annals:validIn only for an interval that is exactly one period (as `annals dump` writes it).
std::optional<DateBound> valid_bound(algebra::ValidBound which, const ValidTime& v) {
  switch (which) {
    case algebra::ValidBound::kFrom:
      return v.from;
    case algebra::ValidBound::kTo:
      return v.to;
    case algebra::ValidBound::kIn:
      if (v.from && v.to && *v.to == end_of_period(*v.from)) return v.from;
      return std::nullopt;
  }
  return std::nullopt;
}

// Object id ranges a scan may keep to: from filters `?o < C`, `?o <= C`, `?o > C`,
// `?o >= C` (either way round) on the scan's object variable, C an inline integer or
// xsd:date. Within an inline tag id order is value order (FORMAT.md "Term ids"), so the
// integers or dates that pass are one id range. Ids of other tags that might still compare
// true are kept whole: literals in the dictionary (decimals, doubles, integers in other
// forms or out of inline range, dates with a timezone), and for dates the gYears,
// gYearMonths and dateTimes, which compare on one timeline. Every other id makes the
// comparison false or an error. The filters still run on every row: the ranges only skip
// rows that cannot pass. Empty: no such filter.
using IdRanges = std::vector<IdRange>;

std::optional<IdRanges> comparison_ranges(TermPool& pool, const algebra::Expr& e, Var v) {
  static const std::array<std::string_view, 4> kOps = {"<", "<=", ">", ">="};
  if (e.kind != algebra::Expr::Kind::kOperator || e.args.size() != 2 ||
      std::find(kOps.begin(), kOps.end(), e.op) == kOps.end())
    return std::nullopt;
  const algebra::Expr *var = &e.args[0], *constant = &e.args[1];
  std::string op = e.op;
  auto is_var = [v](const algebra::Expr* x) {
    return x->kind == algebra::Expr::Kind::kNode && x->node.kind == algebra::Node::Kind::kVar &&
           x->node.var == v;
  };
  if (!is_var(var)) {
    std::swap(var, constant);
    if (op[0] == '<') op[0] = '>'; else op[0] = '<';  // C < ?o is ?o > C
  }
  if (!is_var(var) || constant->kind != algebra::Expr::Kind::kNode ||
      constant->node.kind != algebra::Node::Kind::kTerm)
    return std::nullopt;
  std::optional<Id> c = pool.lookup(constant->node.term);
  if (!c) return std::nullopt;
  const std::uint8_t tag = tag_of(*c);
  if (tag != kTagInteger && tag != kTagDate) return std::nullopt;
  IdRange own{first_id(tag), last_id(tag)};
  if (op == "<") {
    if (*c == first_id(tag)) return std::nullopt;
    own.hi = *c - 1;
  } else if (op == "<=") {
    own.hi = *c;
  } else if (op == ">") {
    if (*c == last_id(tag)) return std::nullopt;
    own.lo = *c + 1;
  } else {
    own.lo = *c;
  }
  IdRanges out{{first_id(kTagLiteral), last_id(kTagLiteral)}, own};
  if (tag == kTagDate)
    out.push_back({first_id(kTagGYear), last_id(kTagDateTime)});
  return out;
}

IdRanges intersect(const IdRanges& a, const IdRanges& b) {
  IdRanges out;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    const Id lo = std::max(a[i].lo, b[j].lo), hi = std::min(a[i].hi, b[j].hi);
    if (lo <= hi) out.push_back({lo, hi});
    if (a[i].hi < b[j].hi) ++i; else ++j;
  }
  return out;
}

// The ranges of every such filter on the object variable, intersected (several filters, or
// one with &&); nullopt when there is none.
std::optional<IdRanges> object_ranges(TermPool& pool, const std::vector<const algebra::Expr*>& filters,
                                      Var v) {
  std::optional<IdRanges> out;
  std::vector<const algebra::Expr*> todo(filters.begin(), filters.end());
  while (!todo.empty()) {
    const algebra::Expr* e = todo.back();
    todo.pop_back();
    if (e->kind == algebra::Expr::Kind::kOperator && e->op == "&&") {
      for (const algebra::Expr& a : e->args) todo.push_back(&a);
      continue;
    }
    auto r = comparison_ranges(pool, *e, v);
    if (!r) continue;
    out = out ? intersect(*out, *r) : std::move(*r);
  }
  return out;
}

class Scan final : public Operator {
 public:
  Scan(RunContext& ctx, ScanSpec spec) : Operator(ctx), spec_(std::move(spec)) {
    row_.resize(ctx.width);
    if (spec_.o.kind == ScanTerm::Kind::kVar && spec_.valid.empty())
      ranges_ = object_ranges(*ctx_.pool, spec_.filters, spec_.o.var);
  }

  std::string describe() const override {
    std::string s = "Scan " + spec_.text;
    if (ctx_.time.valid) s += " valid " + to_string(*ctx_.time.valid);
    if (spec_.time_index) s += " by time index";
    if (ctx_.time.as_of) s += " as-of tx " + std::to_string(*ctx_.time.as_of);
    if (spec_.graph.kind == GraphScope::Kind::kDefault) {
      if (spec_.graph.union_all)
        s += " in union of graphs";
      else if (!spec_.graph.graphs.empty())
        s += " in " + std::to_string(spec_.graph.graphs.size()) + " FROM graph(s)";
    }
    if (!spec_.filters.empty()) s += " with " + std::to_string(spec_.filters.size()) + " filter(s)";
    if (ranges_) s += " (object by id range)";
    return s;
  }

 protected:
  void do_open(std::span<const Id> seed) override {
    seed_.assign(seed.begin(), seed.end());
    active_ = false;
    have_last_ = false;
    Pattern pat;
    if (!position(spec_.s, pat.s) || !position(spec_.p, pat.p) || !position(spec_.o, pat.o))
      return;
    // Filters no object id can pass (?o > 10 && ?o < 5): nothing to read.
    if (ranges_ && ranges_->empty() && !pat.o) return;
    const GraphScope& g = spec_.graph;
    graph_filter_ = false;
    dedupe_ = false;
    // A fact scan keeps every fact: the same quad in two graphs of a merged default graph
    // is two facts (two reifiers, which an RDF merge keeps apart).
    const bool facts = !spec_.valid.empty();
    if (g.kind == GraphScope::Kind::kDefault) {
      if (g.union_all) {
        dedupe_ = !facts;
      } else if (g.graphs.empty()) {
        pat.g = kDefaultGraph;
      } else if (g.graphs.size() == 1) {
        pat.g = g.graphs[0];
      } else {
        graph_filter_ = true;
        dedupe_ = !facts;
      }
    } else {
      if (!position(g.graph, pat.g)) return;
      if (pat.g) {
        if (!named_allowed(*pat.g)) return;
      } else {
        graph_filter_ = true;
      }
    }
    seen_.clear();
    // Opened once per row of a bind join: the cursor is kept and sought again when the
    // pattern has the same shape (far cheaper than a new iterator). A time index read
    // cannot seek: each open is a new one.
    const int shape = pattern_shape(pat);
    if (spec_.time_index && !pat.s && !pat.o) {
      ScanTuning tuning;
      tuning.time_index = true;
      open_cursor(pat, ScanOptions{.distinct_quads = true}, tuning, -1);
    } else if (cursor_ && shape == shape_) {
      if (Status st = reseek(*cursor_, pat); !st) throw ExecError{st};
    } else {
      ScanTuning tuning;
      tuning.reseekable = true;
      open_cursor(pat, ScanOptions{.distinct_quads = !facts}, tuning, shape);
    }
    active_ = true;
  }

  bool do_next(Batch& out) override {
    if (!active_) return false;
    Cursor& c = *cursor_;
    while (c.valid() && !out.full()) {
      const FactRow f = c.row();
      c.next();
      if (graph_filter_ && !graph_ok(f.g)) continue;
      if (dedupe_ && !first_of_triple(f)) continue;
      std::copy(seed_.begin(), seed_.end(), row_.begin());
      if (!put(spec_.s, f.s) || !put(spec_.p, f.p) || !put(spec_.o, f.o)) continue;
      if (spec_.graph.kind == GraphScope::Kind::kNamed && !put(spec_.graph.graph, f.g)) continue;
      if (!put_valid(f.valid) || !passes_filters()) continue;
      out.add(row_);
    }
    if (!c.status().is_ok()) throw ExecError{c.status()};
    if (!c.valid()) active_ = false;
    return !out.empty();
  }

 private:
  void open_cursor(const Pattern& pat, const ScanOptions& options, ScanTuning tuning,
                   int shape) {
    if (ranges_) tuning.object_ranges = *ranges_;
    auto c = tuned_scan(ctx_.pool->txn(), pat, ctx_.time, options, tuning);
    if (!c) throw ExecError{c.status()};
    cursor_.emplace(std::move(*c));
    shape_ = shape;
  }

  // Whether a row's triple is new to this open (the same triple in several graphs counts
  // once in a union of graphs). The quad indexes return a triple's graphs one after the
  // other; the time index does not, so it needs the set of triples seen.
  bool first_of_triple(const FactRow& f) {
    if (uses_time_index(*cursor_)) return seen_.insert({f.s, f.p, f.o}).second;
    if (have_last_ && f.s == last_[0] && f.p == last_[1] && f.o == last_[2]) return false;
    last_[0] = f.s, last_[1] = f.p, last_[2] = f.o;
    have_last_ = true;
    return true;
  }

  // The id a position is bound to for this open (a constant, or a variable the seed binds);
  // false when it can match nothing.
  bool position(const ScanTerm& t, std::optional<Id>& bound) const {
    switch (t.kind) {
      case ScanTerm::Kind::kConst:
        if (t.id == kNoTerm) return false;  // a term the store has never seen
        bound = t.id;
        return true;
      case ScanTerm::Kind::kVar:
        if (seed_[t.var] != kUnbound) {
          if (is_local(seed_[t.var])) return false;
          bound = seed_[t.var];
        }
        return true;
      case ScanTerm::Kind::kTriple:
        return true;
    }
    return true;
  }

  bool put(const ScanTerm& t, Id id) {
    switch (t.kind) {
      case ScanTerm::Kind::kConst:
        return true;
      case ScanTerm::Kind::kVar:
        return bind_slot(row_, t.var, id);
      case ScanTerm::Kind::kTriple:
        return match_node(*ctx_.pool, *t.node, id, row_);
    }
    return true;
  }

  // Matches or binds a fact pattern's outputs: the store's inline id of each bound (FORMAT.md
  // tags 0x12-0x14), so a constant compares as the same term or not at all.
  bool put_valid(const ValidTime& v) {
    for (const ValidSlot& out : spec_.valid) {
      std::optional<DateBound> b = valid_bound(out.bound, v);
      if (!b) return false;
      const Id id = expr::date_bound_id(*b);
      if (out.value.kind == ScanTerm::Kind::kConst ? out.value.id != id : !put(out.value, id))
        return false;
    }
    return true;
  }

  bool named_allowed(Id g) const {
    if (g == kDefaultGraph) return false;
    return spec_.graph.named_all || std::find(spec_.graph.graphs.begin(), spec_.graph.graphs.end(),
                                              g) != spec_.graph.graphs.end();
  }

  bool graph_ok(Id g) const {
    if (spec_.graph.kind == GraphScope::Kind::kNamed) return named_allowed(g);
    return std::find(spec_.graph.graphs.begin(), spec_.graph.graphs.end(), g) !=
           spec_.graph.graphs.end();
  }

  bool passes_filters() {
    for (const algebra::Expr* e : spec_.filters)
      if (ctx_.evaluator->ebv(*e, row_) != std::optional<bool>(true)) return false;
    return true;
  }

  ScanSpec spec_;
  std::optional<IdRanges> ranges_;  // object_ranges() of the filters
  std::vector<Id> seed_, row_;
  std::optional<Cursor> cursor_;
  int shape_ = -1;
  bool active_ = false;
  bool graph_filter_ = false, dedupe_ = false, have_last_ = false;
  Id last_[3] = {0, 0, 0};
  std::unordered_set<std::array<Id, 3>, IdsHash> seen_;
};

class Unit final : public Operator {
 public:
  explicit Unit(RunContext& ctx) : Operator(ctx) {}
  std::string describe() const override { return "Unit"; }

 protected:
  void do_open(std::span<const Id> seed) override {
    seed_.assign(seed.begin(), seed.end());
    done_ = false;
  }
  bool do_next(Batch& out) override {
    if (done_) return false;
    done_ = true;
    out.add(seed_);
    return true;
  }

 private:
  std::vector<Id> seed_;
  bool done_ = true;
};

class GraphNames final : public Operator {
 public:
  GraphNames(RunContext& ctx, GraphScope scope) : Operator(ctx), scope_(std::move(scope)) {}
  std::string describe() const override { return "GraphNames"; }

 protected:
  void do_open(std::span<const Id> seed) override {
    seed_.assign(seed.begin(), seed.end());
    names_.clear();
    pos_ = 0;
    std::vector<Id> candidates;
    if (scope_.named_all) {
      // Graphs holding facts visible to this query: one probe each.
      auto r = ctx_.pool->txn().scan(Pattern{}, ctx_.time, ScanOptions{true, false, true});
      if (!r) throw ExecError{r.status()};
      for (Cursor& c = *r; c.valid();) {
        Id g = c.row().g;
        if (g != kDefaultGraph) candidates.push_back(g);
        // Skip to the next graph: scan this graph's rows cheaply by reading on.
        while (c.valid() && c.row().g == g) c.next();
        if (!c.status().is_ok()) throw ExecError{c.status()};
      }
    } else {
      for (Id g : scope_.graphs) {
        Pattern p;
        p.g = g;
        auto r = ctx_.pool->txn().scan(p, ctx_.time, ScanOptions{true, false, false});
        if (!r) throw ExecError{r.status()};
        if (r->valid()) candidates.push_back(g);
      }
    }
    const ScanTerm& t = scope_.graph;
    if (t.kind == ScanTerm::Kind::kConst && t.id == kNoTerm) return;  // a graph not in the store
    for (Id g : candidates) {
      Id want = t.kind == ScanTerm::Kind::kConst ? t.id : seed_[t.var];
      if (want != kUnbound && want != g) continue;
      names_.push_back(g);
    }
  }
  bool do_next(Batch& out) override {
    while (pos_ < names_.size() && !out.full()) {
      auto row = out.add(seed_);
      if (scope_.graph.kind == ScanTerm::Kind::kVar) row[scope_.graph.var] = names_[pos_];
      ++pos_;
    }
    return !out.empty();
  }

 private:
  GraphScope scope_;
  std::vector<Id> seed_, names_;
  std::size_t pos_ = 0;
};

}  // namespace

OperatorPtr make_scan(RunContext& ctx, ScanSpec spec) {
  return std::make_unique<Scan>(ctx, std::move(spec));
}
OperatorPtr make_unit(RunContext& ctx) { return std::make_unique<Unit>(ctx); }
OperatorPtr make_graph_names(RunContext& ctx, GraphScope scope) {
  return std::make_unique<GraphNames>(ctx, std::move(scope));
}

}  // namespace annals::query::exec
