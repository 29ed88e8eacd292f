// execute() and Solutions (annals/query.hpp): translate, plan and run a query; decode ids to
// terms for the caller; build CONSTRUCT and DESCRIBE graphs.
#include <algorithm>
#include <array>
#include <chrono>
#include <deque>
#include <functional>
#include <new>
#include <unordered_map>
#include <unordered_set>

#include "algebra/fact_patterns.hpp"
#include "algebra/translate.hpp"
#include "annals/query.hpp"
#include "ast/parsed_query.hpp"
#include "exec/planner.hpp"

namespace annals {

using query::exec::Batch;
using query::exec::BudgetScope;
using query::exec::ExecError;
using query::exec::Id;
using query::exec::kUnbound;

class Solutions::Impl {
 public:
  explicit Impl(const ReadTxn& txn) : pool(txn) {}

  query::algebra::Query q;
  query::exec::TermPool pool;
  query::exec::RunContext ctx;
  std::unique_ptr<query::expr::Evaluator> evaluator;
  std::unique_ptr<query::exec::Planner> planner;
  query::exec::OperatorPtr root;
  StoreStats stats;
  std::vector<std::string> variables;
  std::shared_ptr<const std::vector<std::string>> shared_variables;  // for Rows, made once
  Batch batch;
  std::size_t pos = 0;
  bool done = false, opened = false;
  Status failure;

  // CONSTRUCT / DESCRIBE. Triples wait in `pending` (a queue: a DESCRIBE of one resource
  // may give many thousands at once) and are remembered by the ids of their terms, not their
  // text, to give each once.
  using IdTriple = std::array<Id, 3>;
  struct IdTripleHash {
    std::size_t operator()(const IdTriple& t) const {
      std::size_t h = std::hash<Id>()(t[0]);
      h = h * 0x9E3779B97F4A7C15ULL + std::hash<Id>()(t[1]);
      return h * 0x9E3779B97F4A7C15ULL + std::hash<Id>()(t[2]);
    }
  };
  std::deque<Triple> pending;
  std::unordered_set<IdTriple, IdTripleHash> emitted;
  // A template's blank nodes are new in each solution (§16.2), so a triple holding one can
  // repeat only within its solution: such triples are remembered for that solution alone,
  // under ids tagged kTagTemplateBlank whose payload is the label's index in blank_labels.
  std::unordered_set<IdTriple, IdTripleHash> emitted_here;
  std::unordered_map<std::string, std::size_t> blank_labels;  // the template's, numbered
  std::vector<std::optional<Term>> blanks;                    // this solution's, by number
  std::unordered_map<const query::algebra::Node*, Id> constant_ids;
  std::uint64_t blank_serial = 0;
  std::vector<Id> describe_queue;
  std::unordered_set<Id> described;
  bool describe_collected = false;

  // The next row of the root, or nullptr at the end. Throws ExecError.
  const Id* next_row() {
    if (!opened) {
      // Opened on first use, so that EXPLAIN runs nothing (grouping and sorting operators
      // read their whole input when they open).
      opened = true;
      root->open(ctx.unbound_row());
    }
    while (pos >= batch.rows()) {
      if (done) return nullptr;
      if (!root->next(batch)) {
        done = true;
        batch.clear();
        pos = 0;
        return nullptr;
      }
      pos = 0;
    }
    return batch.row(pos++).data();
  }

  std::optional<Term> term_of(Id id) {
    if (id == kUnbound) return std::nullopt;
    return pool.term(id);
  }

  static bool is_template_blank(Id id) { return tag_of(id) == kTagTemplateBlank; }

  // The term of an id of an instantiated template (a template blank node of this solution,
  // or the pool's).
  const Term& template_term(Id id) {
    if (is_template_blank(id)) return *blanks[payload_of(id)];
    return pool.term(id);
  }

  // The triples of the CONSTRUCT template for one solution (§16.2: blank nodes fresh per
  // solution; triples with unbound or ill-placed terms left out), on ids.
  void instantiate(const Id* row) {
    ++blank_serial;
    std::fill(blanks.begin(), blanks.end(), std::nullopt);
    emitted_here.clear();
    // The id of a template node in this solution (kUnbound when it has none), and whether
    // it holds a blank node of this solution.
    std::function<Id(const query::algebra::Node&, bool&)> resolve =
        [&](const query::algebra::Node& n, bool& fresh) -> Id {
      switch (n.kind) {
        case query::algebra::Node::Kind::kVar:
          return row[n.var];
        case query::algebra::Node::Kind::kTerm: {
          if (n.term.is_blank()) {
            fresh = true;
            std::size_t i =
                blank_labels.try_emplace(n.term.value, blank_labels.size()).first->second;
            if (blanks.size() <= i) blanks.resize(i + 1);
            if (!blanks[i])
              blanks[i] = Term::blank("c" + std::to_string(blank_serial) + "_" + n.term.value);
            return make_id(kTagTemplateBlank, i);
          }
          auto it = constant_ids.find(&n);
          if (it == constant_ids.end()) it = constant_ids.emplace(&n, pool.intern(n.term)).first;
          return it->second;
        }
        case query::algebra::Node::Kind::kTriple: {
          const auto& c = *n.triple;
          Id s = resolve(c[0], fresh), p = resolve(c[1], fresh), o = resolve(c[2], fresh);
          if (s == kUnbound || p == kUnbound || o == kUnbound) return kUnbound;
          const Term &st = template_term(s), &pt = template_term(p);
          if (!valid_triple(st, pt)) return kUnbound;
          return pool.intern(Term::triple_term(st, pt, template_term(o)));
        }
      }
      return kUnbound;
    };
    for (const auto& t : q.construct_template) {
      bool fresh = false;
      IdTriple ids{resolve(t.subject, fresh), resolve(t.predicate, fresh),
                   resolve(t.object, fresh)};
      if (ids[0] == kUnbound || ids[1] == kUnbound || ids[2] == kUnbound) continue;
      const Term &s = template_term(ids[0]), &p = template_term(ids[1]);
      if (!valid_triple(s, p)) continue;
      if (!(fresh ? emitted_here : emitted).insert(ids).second) continue;
      pending.push_back(Triple{s, p, template_term(ids[2])});
    }
  }

  static bool valid_triple(const Term& s, const Term& p) {
    return (s.is_iri() || s.is_blank()) && p.is_iri();
  }

  // DESCRIBE: the concise bounded description of each resource, in the query's default
  // graph: its triples as subject, and those of blank nodes reached from them.
  void describe(Id resource) {
    std::vector<Id> todo{resource};
    while (!todo.empty()) {
      Id s = todo.back();
      todo.pop_back();
      if (!described.insert(s).second || query::exec::is_local(s)) continue;
      Pattern pat;
      pat.s = s;
      const auto& scope = planner_default;
      bool filter = false;
      if (!scope.union_all) {
        if (scope.graphs.empty())
          pat.g = kDefaultGraph;
        else if (scope.graphs.size() == 1)
          pat.g = scope.graphs[0];
        else
          filter = true;
      }
      auto c = pool.txn().scan(pat, ctx.time, ScanOptions{true, false, false});
      if (!c) throw ExecError{c.status()};
      for (; c->valid(); c->next()) {
        const FactRow& r = c->row();
        if (filter && std::find(scope.graphs.begin(), scope.graphs.end(), r.g) == scope.graphs.end())
          continue;
        // The same triple in several graphs of the default graph comes once.
        if (!emitted.insert(IdTriple{r.s, r.p, r.o}).second) continue;
        const Term& o = pool.term(r.o);
        pending.push_back(Triple{pool.term(r.s), pool.term(r.p), o});
        if (o.is_blank()) todo.push_back(r.o);
      }
      if (!c->status().is_ok()) throw ExecError{c->status()};
    }
  }

  query::exec::GraphScope planner_default;
};

Solutions::Solutions(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Solutions::Solutions(Solutions&&) noexcept = default;
Solutions& Solutions::operator=(Solutions&&) noexcept = default;
Solutions::~Solutions() = default;

QueryKind Solutions::kind() const {
  switch (impl_->q.form) {
    case query::ast::Form::kSelect:
      return QueryKind::kSelect;
    case query::ast::Form::kConstruct:
      return QueryKind::kConstruct;
    case query::ast::Form::kAsk:
      return QueryKind::kAsk;
    case query::ast::Form::kDescribe:
      return QueryKind::kDescribe;
  }
  return QueryKind::kSelect;
}

const std::vector<std::string>& Solutions::variables() const { return impl_->variables; }

namespace {
// What a run that could not get memory from the system says (the budget's limit stops most
// runs before that; this is the last line).
Status out_of_memory() { return Status(StatusCode::kCancelled, "the query ran out of memory"); }

// A result read through the wrong call (an ASK read as triples would otherwise walk every
// solution of its pattern).
Status wrong_reader(query::ast::Form form) {
  switch (form) {
    case query::ast::Form::kSelect:
      return Status::not_supported("a SELECT result is read row by row (next with a row)");
    case query::ast::Form::kAsk:
      return Status::not_supported("an ASK result is read with boolean()");
    case query::ast::Form::kConstruct:
    case query::ast::Form::kDescribe:
      break;
  }
  return Status::not_supported("a CONSTRUCT or DESCRIBE result is read triple by triple");
}
}  // namespace

Result<bool> Solutions::next(std::vector<std::optional<Term>>& row) {
  Impl& s = *impl_;
  if (s.q.form != query::ast::Form::kSelect) return wrong_reader(s.q.form);
  if (!s.failure.is_ok()) return s.failure;
  BudgetScope scope(s.ctx.budget);
  try {
    const Id* r = s.next_row();
    if (!r) return false;
    row.resize(s.q.projection.size());
    for (std::size_t i = 0; i < s.q.projection.size(); ++i) row[i] = s.term_of(r[s.q.projection[i]]);
    return true;
  } catch (const ExecError& e) {
    s.failure = e.status;
  } catch (const std::bad_alloc&) {
    s.failure = out_of_memory();
  }
  return s.failure;
}

Result<bool> Solutions::next(Row& row) {
  if (!impl_->shared_variables) {
    impl_->shared_variables = std::make_shared<const std::vector<std::string>>(impl_->variables);
  }
  row.variables_ = impl_->shared_variables;
  return next(row.values_);
}

const std::vector<std::string> Row::kNoVariables;

std::optional<std::size_t> Row::column(std::string_view variable) const {
  const auto& names = variables();
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == variable) return i;
  }
  return std::nullopt;
}

const std::optional<Term>& Row::operator[](std::string_view variable) const {
  static const std::optional<Term> kNone;
  auto i = column(variable);
  return i && *i < values_.size() ? values_[*i] : kNone;
}

Result<bool> Solutions::boolean() {
  Impl& s = *impl_;
  if (s.q.form != query::ast::Form::kAsk) return wrong_reader(s.q.form);
  if (!s.failure.is_ok()) return s.failure;
  BudgetScope scope(s.ctx.budget);
  try {
    return s.next_row() != nullptr;
  } catch (const ExecError& e) {
    s.failure = e.status;
  } catch (const std::bad_alloc&) {
    s.failure = out_of_memory();
  }
  return s.failure;
}

Result<bool> Solutions::next(Triple& triple) {
  Impl& s = *impl_;
  if (s.q.form != query::ast::Form::kConstruct && s.q.form != query::ast::Form::kDescribe)
    return wrong_reader(s.q.form);
  if (!s.failure.is_ok()) return s.failure;
  BudgetScope scope(s.ctx.budget);
  try {
    while (s.pending.empty()) {
      if (s.q.form == query::ast::Form::kDescribe) {
        if (!s.describe_collected) {
          // The resources: the IRIs named, and every value of the variables named.
          for (const auto& n : s.q.describe)
            if (!n.is_var()) {
              auto id = s.pool.lookup(n.term);
              if (id) s.describe_queue.push_back(*id);
            }
          while (const Id* r = s.next_row())
            for (const auto& n : s.q.describe)
              if (n.is_var() && r[n.var] != kUnbound) s.describe_queue.push_back(r[n.var]);
          s.describe_collected = true;
          std::reverse(s.describe_queue.begin(), s.describe_queue.end());
        }
        if (s.describe_queue.empty()) return false;
        Id next = s.describe_queue.back();
        s.describe_queue.pop_back();
        s.describe(next);
        continue;
      }
      const Id* r = s.next_row();
      if (!r) return false;
      s.instantiate(r);
    }
    triple = std::move(s.pending.front());
    s.pending.pop_front();
    return true;
  } catch (const ExecError& e) {
    s.failure = e.status;
  } catch (const std::bad_alloc&) {
    s.failure = out_of_memory();
  }
  return s.failure;
}

std::string Solutions::plan(bool with_counts) const {
  return query::exec::explain(*impl_->root, with_counts);
}

namespace {

// The last transaction committed at or before an instant; 0 (the empty store) before the first.
Result<TxNumber> tx_at_time(const ReadTxn& txn, std::int64_t ms) {
  auto at = txn.tx_at(ms);
  if (!at) return at.status();
  return at->value_or(0);
}

// The temporal clause: the query's own, and the options' where the query says nothing of that
// dimension (query.hpp).
Status set_time(const ReadTxn& txn, const query::ast::TimeClause& time, const QueryOptions& options,
                TimeScope& out) {
  auto pinned = time_scope(txn, options);
  if (!pinned) return pinned.status();
  out = *pinned;
  if (time.valid) out.valid = *time.valid;
  if (time.as_of_transaction) {
    out.as_of = *time.as_of_transaction;
  } else if (time.as_of_time) {
    auto tx = tx_at_time(txn, *time.as_of_time);
    if (!tx) return tx.status();
    out.as_of = *tx;
  }
  return Status::ok();
}

}  // namespace

namespace {

// The query with QueryOptions::bindings as a VALUES block of one row at the start of its
// WHERE clause, translated: a binding is a Term in the syntax tree, never query text.
Result<query::algebra::Query> translate_bound(
    const query::ast::Query& parsed, const std::vector<std::pair<std::string, Term>>& bindings) {
  query::ast::Element values;
  values.kind = query::ast::Element::Kind::kValues;
  std::vector<std::optional<query::ast::Node>> row;
  for (const auto& [name, term] : bindings) {
    if (name.empty() || name.starts_with('?') || name.starts_with('$')) {
      return Status::invalid_input("a binding names a variable without '?': '" + name + "'");
    }
    if (std::find(values.data.vars.begin(), values.data.vars.end(), name) !=
        values.data.vars.end()) {
      return Status::invalid_input("?" + name + " is bound twice");
    }
    if (term.is_blank() || term.is_default_graph()) {
      return Status::invalid_input("?" + name + " cannot be bound to a blank node");
    }
    values.data.vars.push_back(name);
    row.push_back(query::ast::Node::of(term));
  }
  values.data.rows.push_back(std::move(row));
  query::ast::Query q = parsed;
  if (!q.where) q.where = query::ast::GroupPattern{};
  q.where->elements.insert(q.where->elements.begin(), std::move(values));
  return query::algebra::translate(q);
}

}  // namespace

Result<TimeScope> time_scope(const ReadTxn& txn, const QueryOptions& options) {
  TimeScope out;
  if (options.valid_at && options.valid_during) {
    return Status::invalid_input("valid_at and valid_during cannot both be given");
  }
  if (options.valid_at) {
    out.valid = ValidTime::during(*options.valid_at, *options.valid_at);
  } else if (options.valid_during) {
    auto valid = valid_during(options.valid_during->first, options.valid_during->last);
    if (!valid) return valid.status();
    out.valid = *valid;
  }
  if (options.as_of) {
    const QueryOptions::AsOf& as_of = *options.as_of;
    if (as_of.transaction.has_value() == as_of.time.has_value()) {
      return Status::invalid_input("as_of takes a transaction or a time (one of the two)");
    }
    if (as_of.transaction) {
      out.as_of = *as_of.transaction;
    } else {
      auto tx = tx_at_time(txn, *as_of.time);
      if (!tx) return tx.status();
      out.as_of = *tx;
    }
  }
  return out;
}

Result<Solutions> execute(const ReadTxn& txn, const ParsedQuery& parsed, const QueryOptions& options) {
  auto impl = std::make_unique<Solutions::Impl>(txn);
  Solutions::Impl& s = *impl;
  // The budget holds from here: translation and planning count against the timeout too.
  auto& budget = s.ctx.budget;
  budget.cancel = options.cancel;
  if (options.timeout) budget.deadline = std::chrono::steady_clock::now() + *options.timeout;
  budget.memory_limit = options.memory_limit;
  BudgetScope scope(budget);
  try {
    auto translated = options.bindings.empty()
                          ? query::algebra::translate(query::ast::syntax_tree(parsed))
                          : translate_bound(query::ast::syntax_tree(parsed), options.bindings);
    if (!translated) return translated.status();
    s.q = std::move(*translated);
    auto stats = txn.stats(/*bytes_on_disk=*/false);
    if (!stats) return stats.status();
    s.stats = std::move(*stats);
    auto& ctx = s.ctx;
    ctx.pool = &s.pool;
    ctx.vars = &s.q.vars;
    // At least one slot, so that every row has an address (a query without variables has
    // rows too: ASK { :a :b :c }).
    ctx.width = std::max<std::size_t>(1, s.q.vars.size());
    ctx.profile = options.profile || parsed.explain() == Explain::kAnalyze;
    if (auto st = set_time(txn, s.q.time, options, ctx.time); !st) return st;
    // The dataset (§13.2).
    query::exec::PlannerInput in;
    in.query = &s.q;
    in.stats = &s.stats;
    auto ids_of = [&](const std::vector<Term>& graphs) {
      std::vector<Id> ids;
      for (const Term& g : graphs) {
        auto id = s.pool.lookup(g);
        ids.push_back(id ? *id : kNoTerm);
      }
      return ids;
    };
    const auto& from = options.dataset ? options.dataset->default_graphs : s.q.from;
    const auto& from_named = options.dataset ? options.dataset->named_graphs : s.q.from_named;
    if (!from.empty() || !from_named.empty()) {
      in.default_scope.graphs = ids_of(from);
      if (in.default_scope.graphs.empty()) in.default_scope.graphs.push_back(kNoTerm);
      in.named_scope.named_all = false;
      in.named_scope.graphs = ids_of(from_named);
      if (in.named_scope.graphs.empty()) in.named_scope.graphs.push_back(kNoTerm);
    } else {
      if (options.union_default_graph) {
        in.default_scope.union_all = *options.union_default_graph;
      } else {
        auto rule = txn.union_default_graph();
        if (!rule) return rule.status();
        in.default_scope.union_all = *rule;
      }
    }
    in.named_scope.kind = query::exec::GraphScope::Kind::kNamed;
    s.planner_default = in.default_scope;

    query::expr::Context ectx;
    ectx.pool = &s.pool;
    ectx.now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
    ectx.base = query::ast::syntax_tree(parsed).base;
    Solutions::Impl* self = &s;
    ectx.exists = [self](const query::algebra::Op& pattern, std::span<const Id> row) {
      auto& op = self->planner->exists_operator(pattern);
      op.open(row);
      Batch b(self->ctx.width);
      b.set_limit(1);  // one row decides
      return op.next(b);
    };
    s.evaluator = std::make_unique<query::expr::Evaluator>(std::move(ectx));
    ctx.evaluator = s.evaluator.get();
    query::algebra::fold_fact_patterns(s.q);
    query::exec::fold_constants(*s.q.root, *s.evaluator, ctx.width);
    s.planner = std::make_unique<query::exec::Planner>(ctx, std::move(in));
    s.root = s.planner->plan_root();
    s.batch = Batch(ctx.width);
    if (s.q.form == query::ast::Form::kAsk) s.batch.set_limit(1);  // one row decides
    for (auto v : s.q.projection) s.variables.push_back(s.q.vars.name(v));
  } catch (const ExecError& e) {
    return e.status;
  } catch (const std::bad_alloc&) {
    return out_of_memory();
  }
  return Solutions(std::move(impl));
}

Result<Solutions> run_query(const ReadTxn& txn, std::string_view text, const QueryOptions& options,
                            const QueryParseOptions& parse_options) {
  QueryParseOptions po = parse_options;
  if (options.store_prefixes) {
    auto table = txn.prefixes();
    if (!table) return table.status();
    po.prefixes.insert(po.prefixes.begin(), table->begin(), table->end());  // the caller's win
  }
  auto parsed = parse_query(text, po);
  if (!parsed) return parsed.status();
  return execute(txn, *parsed, options);
}

}  // namespace annals
