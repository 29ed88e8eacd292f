// The planner's join ordering: the parts of a join (groups of triple patterns, VALUES,
// filter seeds, paths, OPTIONALs...) in a connected order, and the triple patterns of a group
// among themselves, each joined by bind, hash or merge join as the estimates say.
#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <map>
#include <optional>

#include "exec/planner.hpp"

namespace annals::query::exec {

namespace {

// A bind join pays a seek per left row (on a cursor sought again, reseek()); a scanned
// row costs about this much less.
constexpr double kSeekCost = 10;
// A bind join switches to hashing only past this many left rows in one open, whatever the
// estimates (a few thousand seeks cost less than reading a large pattern whole).
constexpr double kFallbackRows = 4096;
// The store's index orders (FORMAT.md), as positions 0=s 1=p 2=o 3=g, and the choice the
// store makes for a set of bound positions: the longest bound prefix.
constexpr int kPerms[6][4] = {{0, 1, 2, 3}, {1, 2, 0, 3}, {2, 0, 1, 3},
                              {3, 0, 1, 2}, {3, 1, 2, 0}, {3, 2, 0, 1}};
// The position whose values a scan with these bound positions returns in increasing order
// (for one value of the bound ones), or -1.
int sorted_position(const bool bound[4]) {
  int total = bound[0] + bound[1] + bound[2] + bound[3];
  for (const auto& perm : kPerms) {
    int n = 0;
    while (n < 4 && bound[perm[n]]) ++n;
    if (n == total) return n < 4 ? perm[n] : -1;
  }
  return -1;
}

// The IRIs a condition allows a variable, when it holds exactly where the variable is one of
// them: ?x = <a>, sameTerm(?x, <a>), ?x IN (<a>, <b>) and ORs of those on one variable. `=`
// of an IRI and any other term is false, not an error (RDFterm-equal, SPARQL 1.1 §17.4.1.7),
// so on a bound ?x it is term identity; literals are left alone (`=` on them compares values:
// 1 = 1.0).
bool iri_choices(const Expr& e, std::optional<Var>& var, std::vector<Term>& out) {
  auto is_var = [](const Expr& a) { return a.kind == Expr::Kind::kNode && a.node.is_var(); };
  auto is_iri = [](const Expr& a) {
    return a.kind == Expr::Kind::kNode && a.node.kind == Node::Kind::kTerm && a.node.term.is_iri();
  };
  auto same_var = [&](Var v) {
    if (var && *var != v) return false;
    var = v;
    return true;
  };
  if (e.kind == Expr::Kind::kOperator && e.op == "||" && e.args.size() == 2)
    return iri_choices(e.args[0], var, out) && iri_choices(e.args[1], var, out);
  const bool eq = (e.kind == Expr::Kind::kOperator && e.op == "=") ||
                  (e.kind == Expr::Kind::kBuiltin && e.op == "SAMETERM");
  if (eq && e.args.size() == 2) {
    for (int i = 0; i < 2; ++i) {
      const Expr& a = e.args[i];
      const Expr& b = e.args[1 - i];
      if (is_var(a) && is_iri(b)) {
        out.push_back(b.node.term);
        return same_var(a.node.var);
      }
    }
    return false;
  }
  if (e.kind == Expr::Kind::kOperator && e.op == "IN" && e.args.size() >= 2 && is_var(e.args[0])) {
    for (std::size_t i = 1; i < e.args.size(); ++i) {
      if (!is_iri(e.args[i])) return false;
      out.push_back(e.args[i].node.term);
    }
    return same_var(e.args[0].node.var);
  }
  return false;
}

bool has_exists(const Expr& e) {
  if (e.kind == Expr::Kind::kExists) return true;
  return std::any_of(e.args.begin(), e.args.end(), has_exists);
}


}  // namespace

std::vector<Planner::Seed> Planner::filter_seeds(const std::vector<const Expr*>& conjuncts,
                                                 const Op& child, const VarSet& seeded) {
  // At most this many values: beyond, a seek per value stops being the cheap way.
  constexpr std::size_t kMaxSeedValues = 256;
  std::vector<Seed> seeds;
  const VarSet sure = certain(child);
  VarSet bound = seeded;
  for (const Expr* c : conjuncts) {
    std::optional<Var> var;
    std::vector<Term> terms;
    if (!iri_choices(*c, var, terms) || !var || terms.size() > kMaxSeedValues) continue;
    // A row where ?x is unbound fails the filter but would join with the seed: only for
    // variables the child binds in every row, and not bound from outside already.
    if (!sure.has(*var) || bound.has(*var)) continue;
    Seed seed{*var, {}};
    for (const Term& t : terms)
      if (auto id = ctx_.pool->lookup(t)) seed.ids.push_back(*id);  // unknown: matches nothing
    std::sort(seed.ids.begin(), seed.ids.end());
    seed.ids.erase(std::unique(seed.ids.begin(), seed.ids.end()), seed.ids.end());
    VarSet with = bound;
    with.add(*var);
    const double seeking = static_cast<double>(seed.ids.size()) * estimate_op(child, with);
    if (seeking >= estimate_op(child, bound)) continue;
    bound = with;
    seeds.push_back(std::move(seed));
  }
  return seeds;
}

OperatorPtr Planner::plan_join(const Op& op, const VarSet& seeded, const GraphScope& scope,
                               std::vector<const Expr*>& filters, const std::vector<Seed>& seeds) {
  // The leaves of the join tree (a join of joins is one join).
  std::vector<const Op*> leaves;
  std::function<void(const Op&)> flatten = [&](const Op& o) {
    if (o.kind == Op::Kind::kJoin) {
      for (const auto& c : o.children) flatten(*c);
    } else if (!o.is_empty_bgp()) {
      leaves.push_back(&o);
    }
  };
  flatten(op);
  // Triple patterns of basic graph patterns and GRAPH blocks are ordered together; a filter
  // of such a block that uses only the block's own variables joins the filters handed down
  // (the block binds those variables in every row, so it sees the same values either way).
  std::vector<Item> items;
  std::vector<const Op*> tables, others;
  for (const Op* leaf : leaves) {
    GraphScope leaf_scope = scope;
    const Op* body = leaf;
    if (leaf->kind == Op::Kind::kGraph) {
      leaf_scope = in_.named_scope;
      leaf_scope.kind = GraphScope::Kind::kNamed;
      leaf_scope.graph = scan_term(leaf->name);
      body = leaf->children[0].get();
    }
    std::vector<const Expr*> own;
    if (body->kind == Op::Kind::kFilter && body->children[0]->kind == Op::Kind::kBgp) {
      VarSet have = maybe(*body->children[0]);
      if (leaf->kind == Op::Kind::kGraph && leaf->name.is_var()) have.add(leaf->name.var);
      VarSet used(ctx_.width);
      for (const Expr& e : body->exprs) expr_vars(e, used);
      bool inside = true;
      for (Var v = 0; v < ctx_.width; ++v)
        if (used.has(v) && !have.has(v)) inside = false;
      if (inside) {
        for (const Expr& e : body->exprs) {
          note_exists(e, leaf_scope);
          conjuncts(e, own);
        }
        body = body->children[0].get();
      }
    }
    if (body->kind == Op::Kind::kBgp && !body->triples.empty()) {
      for (const auto& t : body->triples) items.push_back({&t, leaf_scope});
      filters.insert(filters.end(), own.begin(), own.end());
    } else if (leaf->kind == Op::Kind::kTable) {
      tables.push_back(leaf);
    } else {
      others.push_back(leaf);
    }
  }

  OperatorPtr current;
  VarSet have = seeded;  // variables the rows so far may bind
  VarSet sure(ctx_.width);  // ... and those they bind in every row
  // The variables both sides may bind: the hash join compares rows that leave one unbound
  // with every row of the other side, so a key need not be bound in every row. But not one
  // only the seed binds: it is the same in every row of both sides (see plan_items).
  auto hash_keys = [&](const Op& o) {
    VarSet k = have;
    k.keep_only(maybe(o));
    for (Var v = 0; v < ctx_.width; ++v)
      if (seeded.has(v) && !sure.has(v)) k.remove(v);
    std::vector<Var> keys;
    for (Var v = 0; v < ctx_.width; ++v)
      if (k.has(v)) keys.push_back(v);
    return keys;
  };
  // Seeds and VALUES first: they usually bind what the patterns seek on. Their rows are
  // known, so the estimate of their join is too (a product where they share no variable).
  auto join_table = [&](OperatorPtr part, const std::vector<Var>& keys) {
    if (!current) {
      current = std::move(part);
      return;
    }
    const double l = current->estimate(), r = part->estimate();
    current = make_hash_join(ctx_, std::move(current), std::move(part), keys);
    if (l >= 0 && r >= 0) current->set_estimate(keys.empty() ? l * r : std::max(l, r));
  };
  for (const Seed& seed : seeds) {
    std::vector<std::vector<Id>> rows;
    for (Id id : seed.ids) {
      rows.push_back(ctx_.unbound_row());
      rows.back()[seed.var] = id;
    }
    OperatorPtr part = make_table(ctx_, std::move(rows), "of " + ctx_.var_name(seed.var) +
                                                             " from a FILTER");
    part->set_estimate(static_cast<double>(seed.ids.size()));
    VarSet v(ctx_.width);
    v.add(seed.var);
    std::vector<Var> keys;
    if (sure.has(seed.var)) keys.push_back(seed.var);
    join_table(std::move(part), keys);
    have.add(seed.var);
    sure.add(seed.var);
  }
  // A VALUES block waits until the end, hashed against the rows, when some pattern is far
  // more selective on its own than the block is long (:e1 :p ?x ... VALUES ?y { 242 values }
  // with ?y at the far end of a chain: 242 walks of the chain from ?y, or one from :e1).
  double cheapest_item = 1e300;
  for (const Item& it : items) cheapest_item = std::min(cheapest_item, estimate(*it.triple, seeded));
  std::vector<const Op*> later_tables;
  for (const Op* t : tables) {
    if (!current && seeds.empty() && cheapest_item * 8 < static_cast<double>(t->table.rows.size())) {
      later_tables.push_back(t);
      continue;
    }
    join_table(plan_with(*t, seeded, scope, {}, std::nullopt), hash_keys(*t));
    have.add_all(maybe(*t));
    sure.add_all(certain(*t));
  }
  // A filter whose variables every row so far binds is decided here, before the next part
  // joins: a bind join would otherwise seek once for each row the filter then removes
  // (VALUES ?f { 243 values } . ?x :p ?f . FILTER(?f > C)). The filter's value cannot change
  // later: a join only binds variables that are unbound.
  auto filter_ready = [&] {
    if (!current) return;
    std::vector<const Expr*> ready;
    for (auto it = filters.begin(); it != filters.end();) {
      VarSet used(ctx_.width);
      expr_vars(**it, used);
      if (!has_exists(**it) && !used.empty() && used.within_covered(used, sure)) {
        ready.push_back(*it);
        it = filters.erase(it);
      } else {
        ++it;
      }
    }
    if (ready.empty()) return;
    const double l = current->estimate();
    current = make_filter(ctx_, std::move(current), std::move(ready));
    if (l >= 0) current->set_estimate(l / 2);
  };
  filter_ready();
  auto join_other = [&](const Op* o) {
    if (!current) {
      current = plan_with(*o, seeded, scope, {}, std::nullopt);
    } else {
      const bool seekable = o->kind == Op::Kind::kPath || o->kind == Op::Kind::kUnion ||
                            o->kind == Op::Kind::kGraph || o->kind == Op::Kind::kFilter ||
                            o->kind == Op::Kind::kBgp;
      // OPTIONAL, MINUS and BIND take bindings too (where safe), when a seek per row is
      // cheaper by estimate than reading them whole (a few VALUES rows before a group
      // with an OPTIONAL).
      const bool seekable_if_cheaper = o->kind == Op::Kind::kLeftJoin ||
                                       o->kind == Op::Kind::kMinus ||
                                       o->kind == Op::Kind::kExtend;
      auto cheaper_seeking = [&] {
        const double left = current->estimate() < 0 ? 1e12 : current->estimate();
        return left * std::max(1.0, estimate_op(*o, have)) * kSeekCost <
               estimate_op(*o, seeded);
      };
      if ((seekable || (seekable_if_cheaper && cheaper_seeking())) && safe(*o, have)) {
        const double l = current->estimate();
        current = make_bind_join(ctx_, std::move(current), plan_with(*o, have, scope, {}, std::nullopt));
        if (l >= 0) current->set_estimate(l * estimate_op(*o, have));
      } else {
        OperatorPtr right;
        {
          FlagScope goal(first_rows_, false);  // a hash join reads its build side whole
          right = plan_with(*o, seeded, scope, {}, std::nullopt);
        }
        current = make_hash_join(ctx_, std::move(current), std::move(right), hash_keys(*o));
      }
    }
    have.add_all(maybe(*o));
    sure.add_all(certain(*o));
  };
  auto item_vars = [&](const Item& it) {
    VarSet v(ctx_.width);
    triple_vars(*it.triple, v);
    if (it.scope.kind == GraphScope::Kind::kNamed && it.scope.graph.kind == ScanTerm::Kind::kVar)
      v.add(it.scope.graph.var);
    return v;
  };
  // The triple patterns in groups that share variables (connected components): each group
  // is a part of its own, so that a path or an OPTIONAL linking two groups is joined between
  // them, not after a cross product of the two (?x :a ?m . ?m :b? ?n . ?n :c ?y, as the
  // sequence path ?x :a/:b?/:c ?y is split).
  std::vector<std::vector<Item>> groups;
  {
    std::vector<std::size_t> root(items.size());
    for (std::size_t i = 0; i < items.size(); ++i) root[i] = i;
    std::function<std::size_t(std::size_t)> find = [&](std::size_t i) {
      return root[i] == i ? i : root[i] = find(root[i]);
    };
    std::vector<VarSet> vars;
    for (const Item& it : items) vars.push_back(item_vars(it));
    for (std::size_t i = 0; i < items.size(); ++i)
      for (std::size_t j = i + 1; j < items.size(); ++j)
        if (vars[i].intersects(vars[j])) root[find(j)] = find(i);
    std::vector<std::size_t> group_of(items.size(), items.size());
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::size_t r = find(i);
      if (group_of[r] == items.size()) {
        group_of[r] = groups.size();
        groups.emplace_back();
      }
      groups[group_of[r]].push_back(items[i]);
    }
  }
  // The parts in a connected order (planner.hpp): each next part shares a variable with
  // those before it whenever one does, so that a cross product comes only where the query
  // itself is disconnected; among those, the one estimated smallest. A group of triple
  // patterns counts as one part, started at its cheapest connected pattern (plan_items
  // orders them among themselves); on a tie the groups go first.
  std::vector<bool> joined(others.size(), false), group_done(groups.size(), false);
  auto connected = [&](const VarSet& v) {
    return have.empty() || v.empty() || v.intersects(have);
  };
  for (std::size_t left = others.size() + groups.size(); left > 0; --left) {
    std::size_t best = 0;
    bool best_connected = false, chosen = false;
    double best_cost = 0;
    auto consider = [&](std::size_t i, bool c, double cost) {
      if (!chosen || (c && !best_connected) || (c == best_connected && cost < best_cost)) {
        best = i;
        best_connected = c;
        best_cost = cost;
        chosen = true;
      }
    };
    for (std::size_t g = 0; g < groups.size(); ++g) {
      if (group_done[g]) continue;
      bool any = false;
      double cheapest = 1e300, cheapest_connected = 1e300;
      for (const Item& it : groups[g]) {
        const double e = estimate(*it.triple, have);
        cheapest = std::min(cheapest, e);
        if (connected(item_vars(it))) {
          any = true;
          cheapest_connected = std::min(cheapest_connected, e);
        }
      }
      consider(others.size() + g, any, any ? cheapest_connected : cheapest);
    }
    for (std::size_t i = 0; i < others.size(); ++i)
      if (!joined[i]) consider(i, connected(maybe(*others[i])), estimate_op(*others[i], have));
    if (best < others.size()) {
      joined[best] = true;
      join_other(others[best]);
      filter_ready();
      continue;
    }
    const std::vector<Item>& group = groups[best - others.size()];
    group_done[best - others.size()] = true;
    if (!current) {
      current = plan_items(group, have, filters);
    } else if (best_connected) {
      current = make_bind_join(ctx_, std::move(current), plan_items(group, have, filters));
    } else {
      // A cross product the query asks for: the group is read once.
      OperatorPtr right;
      {
        FlagScope goal(first_rows_, false);
        right = plan_items(group, seeded, filters);
      }
      current = make_hash_join(ctx_, std::move(current), std::move(right), {});
    }
    for (const Item& it : group) {
      VarSet v = item_vars(it);
      have.add_all(v);
      sure.add_all(v);
    }
    filter_ready();
  }
  for (const Op* t : later_tables) {
    OperatorPtr table = plan_with(*t, seeded, scope, {}, std::nullopt);
    table->set_estimate(static_cast<double>(t->table.rows.size()));
    if (!current) {
      current = std::move(table);
    } else {
      current = make_hash_join(ctx_, std::move(current), std::move(table), hash_keys(*t));
    }
    have.add_all(maybe(*t));
    sure.add_all(certain(*t));
  }
  if (!current) current = make_unit(ctx_);
  return current;
}

OperatorPtr Planner::plan_items(const std::vector<Item>& items, const VarSet& seeded,
                                std::vector<const Expr*>& filters) {
  if (items.empty()) return make_unit(ctx_);
  std::vector<bool> used(items.size(), false);
  VarSet bound = seeded;
  // What the patterns joined so far bind, in every row. A variable only the seed binds is
  // the same in every row of both sides of a join (the seed's value, or unbound in all of
  // them): never a hash key, which would send every row to the join's unbound-key path and
  // compare it with the whole other side (a VALUES row of UNDEF: 100k x 344k comparisons).
  VarSet joined(ctx_.width);
  OperatorPtr current;
  double rows = 1;
  int sorted_var = -1;  // the variable current's rows ascend on, when known

  auto vars_of = [&](const Item& item) {
    const TriplePattern& t = *item.triple;
    const GraphScope& scope = item.scope;
    VarSet v(ctx_.width);
    triple_vars(t, v);
    if (scope.kind == GraphScope::Kind::kNamed && scope.graph.kind == ScanTerm::Kind::kVar)
      v.add(scope.graph.var);
    return v;
  };
  auto text_of = [&](const TriplePattern& t) {
    auto node_text = [&](const Node& n) -> std::string {
      if (n.kind == Node::Kind::kVar) return "?" + in_.query->vars.name(n.var);
      if (n.kind == Node::Kind::kTerm) return to_ntriples(n.term);
      return "<<( ... )>>";
    };
    std::string text =
        node_text(t.subject) + " " + node_text(t.predicate) + " " + node_text(t.object);
    if (!t.is_fact()) return text;
    text += " per fact {|";
    for (const algebra::ValidOutput& v : t.valid)
      text += std::string(" annals:") + algebra::bound_name(v.bound) + " " + node_text(v.value) +
              " ;";
    text.back() = '|';
    return text + "}";
  };
  // Whether a filter can go into a scan once `have` is bound: all its variables are, and it
  // has no EXISTS (which runs patterns of its own).
  // (Each filter's variables are found once: the order asks for every candidate and step.)
  std::map<const Expr*, std::optional<VarSet>> filter_vars;  // nullopt: has an EXISTS
  auto placeable = [&](const Expr& f, const VarSet& have) {
    auto it = filter_vars.find(&f);
    if (it == filter_vars.end()) {
      std::optional<VarSet> v;
      if (!has_exists(f)) {
        v.emplace(ctx_.width);
        expr_vars(f, *v);
      }
      it = filter_vars.emplace(&f, std::move(v)).first;
    }
    return it->second && it->second->within_covered(*it->second, have);
  };
  // The share of a pattern's rows the filters it would take keep (those it makes placeable).
  auto kept = [&](const Item& item, const VarSet& v) {
    VarSet after = bound;
    after.add_all(v);
    double share = 1;
    for (const Expr* f : filters)
      if (placeable(*f, after) && !placeable(*f, bound)) share *= selectivity(*f, *item.triple);
    return share;
  };
  // The filters whose variables are all in `have`, taken out of `filters`.
  auto take_filters = [&](const VarSet& have) {
    std::vector<const Expr*> placed;
    for (auto it = filters.begin(); it != filters.end();) {
      if (placeable(**it, have)) {
        placed.push_back(*it);
        it = filters.erase(it);
      } else {
        ++it;
      }
    }
    return placed;
  };
  // The variable a scan of t ascends on, given which of its positions are bound (none when
  // it reads the time index).
  auto sort_var = [&](const Item& item, const VarSet& b) -> int {
    const TriplePattern& t = *item.triple;
    const GraphScope& scope = item.scope;
    if (time_indexed(t, b)) return -1;
    const Node* nodes[3] = {&t.subject, &t.predicate, &t.object};
    bool is_bound[4];
    for (int i = 0; i < 3; ++i)
      is_bound[i] = node_bound(*nodes[i], b);
    is_bound[3] = scope.kind == GraphScope::Kind::kNamed
                      ? scope.graph.kind == ScanTerm::Kind::kConst
                      : !scope.union_all && scope.graphs.size() <= 1;
    int pos = sorted_position(is_bound);
    if (pos < 0 || pos == 3) return -1;
    if (nodes[pos]->kind != Node::Kind::kVar) return -1;
    return static_cast<int>(nodes[pos]->var);
  };

  for (std::size_t step = 0; step < items.size(); ++step) {
    ctx_.budget.check_time();  // quadratic in the patterns: a large BGP takes time to order
    // The cheapest pattern connected to what is bound (any, when none is connected).
    std::size_t best = items.size();
    double best_cost = 0;
    bool best_connected = false;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (used[i]) continue;
      VarSet v = vars_of(items[i]);
      // Connected to what the seed binds, too: the first pattern picked where no pattern is
      // connected only when the seed binds none of them (or nothing).
      bool connected = v.intersects(bound) || (step == 0 && bound.empty());
      double cost = estimate(*items[i].triple, bound) * kept(items[i], v);
      if (best == items.size() || (connected && !best_connected) ||
          (connected == best_connected && cost < best_cost)) {
        best = i;
        best_cost = cost;
        best_connected = connected;
      }
    }
    used[best] = true;
    const Item& item = items[best];
    const TriplePattern& t = *item.triple;
    VarSet tvars = vars_of(item);
    ScanSpec spec;
    spec.s = scan_term(t.subject);
    spec.p = scan_term(t.predicate);
    spec.o = scan_term(t.object);
    spec.graph = item.scope;
    for (const algebra::ValidOutput& v : t.valid)
      spec.valid.push_back({v.bound, scan_term(v.value)});
    spec.text = text_of(t);
    if (!current) {
      VarSet after = bound;
      after.add_all(tvars);
      spec.filters = take_filters(after);
      spec.time_index = time_indexed(t, bound);
      sorted_var = seeded.empty() ? sort_var(item, bound) : -1;
      current = make_scan(ctx_, std::move(spec));
      rows = best_cost;
      current->set_estimate(rows);
      bound = after;
      joined.add_all(tvars);
      continue;
    }
    VarSet shared = tvars;
    shared.keep_only(bound);
    const double alone = estimate(t, seeded);
    VarSet after = bound;
    after.add_all(tvars);
    const int right_sorted = seeded.empty() ? sort_var(item, seeded) : -1;
    std::size_t shared_count = 0;
    int shared_var = -1;
    for (Var v = 0; v < ctx_.width; ++v)
      if (shared.has(v)) ++shared_count, shared_var = static_cast<int>(v);
    // With only the first rows wanted, a bind join's cost is the seeks until its first
    // row (one when each left row is expected to match, 1 / matches-per-row otherwise,
    // every left row when nothing is expected to match) against reading the pattern whole.
    const bool first_bind =
        first_rows_ && !shared.empty() &&
        kSeekCost * std::min(rows, std::max(1.0, 1.0 / std::max(best_cost, 1e-9))) < alone;
    if (!first_bind && shared_count == 1 && sorted_var >= 0 && sorted_var == shared_var &&
        right_sorted == shared_var && rows * kSeekCost >= alone) {
      // Both sides ascend on the one shared variable: merge.
      spec.filters = take_filters(tvars);
      spec.time_index = time_indexed(t, seeded);
      auto right = make_scan(ctx_, std::move(spec));
      right->set_estimate(alone);
      current = make_merge_join(ctx_, std::move(current), std::move(right),
                                static_cast<Var>(shared_var));
      rows = std::max(rows, alone);
    } else if (!shared.empty() && (rows * kSeekCost < alone || first_bind)) {
      spec.filters = take_filters(after);
      spec.time_index = time_indexed(t, bound);
      // Where all rows are read anyway, a bind join that meets far more left rows than
      // estimated becomes a hash join of the pattern read once whole, its own filters in the
      // scan, the others on the joined rows.
      JoinFallback fallback;
      if (!first_rows_) {
        ScanSpec whole = spec;
        whole.time_index = time_indexed(t, seeded);
        std::vector<const Expr*> after_join;
        VarSet own = seeded;
        own.add_all(tvars);
        whole.filters.clear();
        for (const Expr* f : spec.filters)
          (placeable(*f, own) ? whole.filters : after_join).push_back(f);
        std::vector<Var> keys;
        for (Var v = 0; v < ctx_.width; ++v)
          if (shared.has(v) && joined.has(v)) keys.push_back(v);
        OperatorPtr rest = make_left_rest(ctx_);
        fallback.rest = rest.get();
        auto scan = make_scan(ctx_, std::move(whole));
        scan->set_estimate(alone);
        fallback.plan = make_hash_join(ctx_, std::move(rest), std::move(scan), std::move(keys));
        if (!after_join.empty())
          fallback.plan = make_filter(ctx_, std::move(fallback.plan), std::move(after_join));
        fallback.after_rows = static_cast<std::uint64_t>(
            std::max({kFallbackRows, 8 * rows, alone / kSeekCost}));
      }
      auto right = make_scan(ctx_, std::move(spec));
      right->set_estimate(best_cost);  // per open: per row of the left side
      current = make_bind_join(ctx_, std::move(current), std::move(right), std::move(fallback));
      rows = rows * best_cost;
      sorted_var = -1;
    } else {
      spec.filters = take_filters(tvars);
      // A filter that reads text waits for the join when the join is expected to keep fewer
      // rows than the pattern gives: its build side is read whole, and the filter then runs
      // on the rows that meet (qfuzz seed 3 q0003: 50k IRIs decoded for a join that kept
      // none).
      const double out = shared.empty() ? rows * alone : rows * best_cost;
      if (out < alone) {
        for (auto it = spec.filters.begin(); it != spec.filters.end();) {
          if (expr::reads_text(**it)) {
            filters.push_back(*it);
            it = spec.filters.erase(it);
          } else {
            ++it;
          }
        }
      }
      spec.time_index = time_indexed(t, seeded);
      std::vector<Var> keys;
      for (Var v = 0; v < ctx_.width; ++v)
        if (shared.has(v) && joined.has(v)) keys.push_back(v);
      auto right = make_scan(ctx_, std::move(spec));
      right->set_estimate(alone);
      current = make_hash_join(ctx_, std::move(current), std::move(right), std::move(keys));
      rows = shared.empty() ? rows * alone : rows * best_cost;
      sorted_var = -1;
    }
    current->set_estimate(rows);
    bound = after;
    joined.add_all(tvars);
  }
  // Filters whose variables are all bound now go right here; the rest stay for the caller.
  auto rest = take_filters(bound);
  if (!rest.empty()) current = make_filter(ctx_, std::move(current), std::move(rest));
  return current;
}

}  // namespace annals::query::exec
