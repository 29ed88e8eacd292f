// Property paths (SPARQL 1.1 §18.4, §9.3): evaluated from a bound end outwards, breadth first
// for the closures, which keep each node once (set semantics); links, sequences and
// alternatives keep duplicates as the spec's multiset semantics does.
#include <algorithm>
#include <array>
#include <memory>
#include <optional>
#include <unordered_map>
#include <tuple>
#include <unordered_set>

#include "algebra/printer.hpp"
#include "annals/scan_tuning.hpp"
#include "exec/operators.hpp"

namespace annals::query::exec {

namespace {

using algebra::Path;
using Ids = std::vector<Id>;

class PathOp final : public Operator {
 public:
  PathOp(RunContext& ctx, const algebra::Op* op, GraphScope graph)
      : Operator(ctx), op_(op), graph_(std::move(graph)) {}
  std::string describe() const override {
    return ctx_.vars ? "Path " + algebra::to_sse(*op_, *ctx_.vars) : "Path";
  }

 protected:
  // Rows are made as the reader asks for them: a path with both ends free walks one start
  // node at a time (ASK and LIMIT stop after the first rows, not after every node of the
  // store), and the named graphs of GRAPH ?g are taken one after another.
  void do_open(std::span<const Id> seed) override {
    seed_.assign(seed.begin(), seed.end());
    out_.clear();
    pos_ = 0;
    graphs_.clear();
    next_graph_ = 0;
    free_ = false;
    starts_.clear();
    next_start_ = 0;
    start_cursor_.reset();
    started_.clear();
    if (graph_.kind == GraphScope::Kind::kNamed) {
      const ScanTerm& t = graph_.graph;
      // A constant graph the store does not hold (kNoTerm) holds no paths.
      if (t.kind == ScanTerm::Kind::kConst && t.id == kNoTerm) return;
      Id g = t.kind == ScanTerm::Kind::kConst ? t.id : seed_[t.var];
      if (g != kUnbound) {
        if (g == kDefaultGraph ||
            (!graph_.named_all && std::find(graph_.graphs.begin(), graph_.graphs.end(), g) ==
                                      graph_.graphs.end()))
          return;
        graphs_.push_back(g);
      } else {
        graphs_ = graph_names();
      }
    } else {
      graphs_.push_back(kUnbound);
    }
  }
  bool do_next(Batch& out) override {
    while (!out.full()) {
      if (pos_ == out_.size() && !refill()) break;
      const std::size_t w = seed_.size();
      for (; pos_ < out_.size() && !out.full(); pos_ += w)
        out.add(std::span<const Id>(out_.data() + pos_, w));
    }
    return !out.empty();
  }

 private:
  // Makes the next rows into out_ (emptied first); false when every graph is done.
  bool refill() {
    out_.clear();
    pos_ = 0;
    while (out_.empty()) {
      if (free_) {
        Id start;
        if (!next_start(start)) {
          free_ = false;
          continue;
        }
        // Each start is walked once: no memo, which serves a bind join's repeated nodes.
        for (Id end : walk(op_->path, start, true)) add(start, end, graph_id_);
        continue;
      }
      if (next_graph_ == graphs_.size()) return false;
      run_in(graphs_[next_graph_++]);
    }
    return true;
  }

  // Evaluates the path in one graph (kUnbound: the default graph scope): the rows of a bound
  // end into out_, or, with both ends free, the start nodes refill() walks one by one.
  void run_in(Id g) {
    graph_id_ = g;
    Id s = node_id(op_->subject), o = node_id(op_->object);
    if (s == kNoTerm || o == kNoTerm) return;
    // A path that may have length zero matches a variable's value to itself only when
    // the value is a node of the graph (§18.4: ZeroLengthPath over variables ranges over
    // the graph's nodes; only a constant of the query matches itself anywhere).
    if (nullable(op_->path)) {
      if (op_->subject.is_var() && s != kUnbound && !in_graph(s)) return;
      if (op_->object.is_var() && o != kUnbound && s == kUnbound && !in_graph(o)) return;
    }
    if (s != kUnbound) {
      // Both ends known: the paths that reach o.
      for (Id end : memo(g, s, true))
        if (o == kUnbound || end == o) add(s, end, g);
    } else if (o != kUnbound) {
      for (Id start : memo(g, o, false)) add(start, o, g);
    } else {
      free_ = true;
      started_.clear();
      if (nullable(op_->path)) {
        // Every node of the graph, read from the store as it is needed.
        start_cursor_.emplace(open_cursor(kUnbound, kUnbound, kUnbound));
        start_side_ = 0;
      } else {
        starts_ = first_nodes(op_->path, true);
        next_start_ = 0;
      }
    }
  }

  // The next start node not walked yet in this graph, from starts_ or the store's nodes.
  bool next_start(Id& start) {
    for (;;) {
      if (start_cursor_) {
        ScopedCursor& sc = *start_cursor_;
        if (!sc.cursor.valid()) {
          if (!sc.cursor.status().is_ok()) throw ExecError{sc.cursor.status()};
          start_cursor_.reset();
          return false;
        }
        ctx_.check();
        const FactRow& r = sc.cursor.row();
        if (sc.filter && !in_scope(r.g)) {
          sc.cursor.next();
          continue;
        }
        start = start_side_ == 0 ? r.s : r.o;
        if (++start_side_ == 2) {
          start_side_ = 0;
          sc.cursor.next();
        }
      } else {
        if (next_start_ == starts_.size()) return false;
        start = starts_[next_start_++];
      }
      if (started_.insert(start).second) {
        // The set is charged for its largest size over the run's opens.
        if (started_.size() > started_charged_) {
          kept_.count(4 * sizeof(Id));  // the set's node
          ++started_charged_;
        }
        return true;
      }
    }
  }

  // The path's ends from node (forward) or starts to it, computed once per node and graph
  // for the whole run: a bind join opens this operator once per row, often with the same
  // node (every entity of one type asks for the same superclasses).
  const Ids& memo(Id g, Id node, bool forward) {
    auto key = std::make_tuple(g, node, forward);
    auto it = memo_.find(key);
    if (it == memo_.end()) {
      Ids ends = walk(op_->path, node, forward);
      // A cache, not a result: emptied when it passes its share of the memory budget.
      std::size_t limit = ctx_.budget.memory_limit;
      std::size_t cap = limit ? std::min(kMemoBytes, limit / 8) : kMemoBytes;
      if (memo_held_.bytes() > cap) {
        memo_.clear();
        memo_held_.release_all();
      }
      memo_held_.count((ends.size() + 8) * sizeof(Id));  // the ends and the map's node
      it = memo_.emplace(key, std::move(ends)).first;
    }
    return it->second;
  }

  Id node_id(const algebra::Node& n) {
    if (n.is_var()) return seed_[n.var];
    if (n.kind == algebra::Node::Kind::kTerm) return ctx_.pool->intern(n.term);
    return kNoTerm;  // triple terms in path ends: not supported by the grammar's paths
  }

  // Appends the row of a path from s to o in graph g to out_ (rows of the seed's width, one
  // after another), unless it clashes with the seed.
  void add(Id s, Id o, Id g) {
    const std::size_t at = out_.size();
    out_.insert(out_.end(), seed_.begin(), seed_.end());
    std::span<Id> row(out_.data() + at, seed_.size());
    bool ok = put(row, op_->subject, s) && put(row, op_->object, o);
    if (ok && graph_.kind == GraphScope::Kind::kNamed && graph_.graph.kind == ScanTerm::Kind::kVar) {
      Id& slot = row[graph_.graph.var];
      ok = slot == kUnbound || slot == g;
      slot = g;
    }
    if (!ok) {
      out_.resize(at);
      return;
    }
    if (out_.size() > out_charged_) {  // out_ is charged for its largest size
      kept_.count((out_.size() - out_charged_) * sizeof(Id));
      out_charged_ = out_.size();
    }
  }
  static bool put(std::span<Id> row, const algebra::Node& n, Id id) {
    if (!n.is_var()) return true;
    if (row[n.var] == kUnbound) {
      row[n.var] = id;
      return true;
    }
    return row[n.var] == id;
  }

  // A cursor over the pattern (s p o) in the current graph (each position may be kUnbound);
  // filter: the caller keeps only the rows whose graph is in_scope().
  struct ScopedCursor {
    Cursor cursor;
    bool filter;
  };
  // The pattern (s p o) in the current graph; filter: the caller must keep only the rows
  // whose graph is in_scope().
  Pattern scoped(Id s, Id p, Id o, bool& filter) const {
    Pattern pat;
    if (s != kUnbound) pat.s = s;
    if (p != kUnbound) pat.p = p;
    if (o != kUnbound) pat.o = o;
    filter = false;
    if (graph_id_ != kUnbound) {
      pat.g = graph_id_;
    } else if (!graph_.union_all) {
      if (graph_.graphs.empty())
        pat.g = kDefaultGraph;
      else if (graph_.graphs.size() == 1)
        pat.g = graph_.graphs[0];
      else
        filter = true;
    }
    return pat;
  }
  ScopedCursor open_cursor(Id s, Id p, Id o) {
    bool filter = false;
    Pattern pat = scoped(s, p, o, filter);
    auto c = ctx_.pool->txn().scan(pat, ctx_.time, ScanOptions{true, false, false});
    if (!c) throw ExecError{c.status()};
    return ScopedCursor{std::move(*c), filter};
  }
  // A cursor on pat, kept for the next pattern of the same shape (which of s, p, o and g
  // are bound) and sought there: a new store iterator costs microseconds, and a path seeks
  // once or twice for every node it meets. One at a time per shape: its reader finishes
  // with it before the next pattern of that shape is sought.
  Cursor& kept_cursor(const Pattern& pat) {
    std::optional<Cursor>& c = cursors_[static_cast<std::size_t>(pattern_shape(pat))];
    if (c) {
      if (Status st = reseek(*c, pat); !st) throw ExecError{st};
      return *c;
    }
    ScanTuning tuning;
    tuning.reseekable = true;
    auto made = tuned_scan(ctx_.pool->txn(), pat, ctx_.time, ScanOptions{.distinct_quads = true}, tuning);
    if (!made) throw ExecError{made.status()};
    return c.emplace(std::move(*made));
  }
  bool in_scope(Id g) const {
    return std::find(graph_.graphs.begin(), graph_.graphs.end(), g) != graph_.graphs.end();
  }
  // Rows of the pattern (s p o) in the current graph; each bound position may be kUnbound.
  template <typename F>
  void scan(Id s, Id p, Id o, F&& f) {
    bool filter = false;
    Cursor& c = kept_cursor(scoped(s, p, o, filter));
    for (; c.valid(); c.next()) {
      ctx_.check();
      const FactRow& r = c.row();
      if (filter && !in_scope(r.g)) continue;
      f(r);
    }
    if (!c.status().is_ok()) throw ExecError{c.status()};
  }

  // Whether node is a subject or object of some triple in the current graph; remembered for
  // the run, as memo() is (a bind join asks it again for every row with the same node).
  bool in_graph(Id node) {
    if (is_local(node)) return false;
    auto key = std::make_pair(graph_id_, node);
    auto it = in_graph_.find(key);
    if (it != in_graph_.end()) return it->second;
    bool found = seek_node(node);
    in_graph_.emplace(key, found);
    return found;
  }
  bool seek_node(Id node) {
    for (int side = 0; side < 2; ++side) {
      Pattern pat;
      (side == 0 ? pat.s : pat.o) = node;
      if (graph_id_ != kUnbound) {
        pat.g = graph_id_;
      } else if (!graph_.union_all && graph_.graphs.size() <= 1) {
        pat.g = graph_.graphs.empty() ? kDefaultGraph : graph_.graphs[0];
      }
      Cursor& c = kept_cursor(pat);
      for (; c.valid(); c.next()) {
        if (pat.g || graph_.union_all ||
            std::find(graph_.graphs.begin(), graph_.graphs.end(), c.row().g) != graph_.graphs.end())
          return true;
      }
      if (!c.status().is_ok()) throw ExecError{c.status()};
    }
    return false;
  }

  Id iri_id(const Term& t) {
    auto id = ctx_.pool->lookup(t);
    return id ? *id : kNoTerm;
  }

  // The ends of paths from start (forward), with duplicates where the spec keeps them.
  Ids from(const Path& p, Id start) { return walk(p, start, true); }
  Ids to(const Path& p, Id end) { return walk(p, end, false); }

  // Each call checks the budget's time: a nested closure over a cycle makes many calls
  // that read no store (adjacency()) and so pass no scan's check.
  Ids walk(const Path& p, Id node, bool forward) {
    ctx_.check();
    Held held(ctx_.budget);
    Ids out;
    switch (p.kind) {
      case Path::Kind::kLink: {
        Id pid = iri_id(p.iri);
        if (pid == kNoTerm) break;
        if (const Adjacency* adj = adjacency(pid)) {
          const auto& side = forward ? adj->out : adj->in;
          auto it = side.find(node);
          if (it != side.end()) out = it->second;
          break;
        }
        if (forward)
          scan(node, pid, kUnbound, [&](const FactRow& r) { out.push_back(r.o); });
        else
          scan(kUnbound, pid, node, [&](const FactRow& r) { out.push_back(r.s); });
        break;
      }
      case Path::Kind::kInverse:
        return walk(p.args[0], node, !forward);
      case Path::Kind::kSequence: {
        Ids current{node};
        auto step = [&](const Path& a) {
          Ids next;
          for (Id n : current) {
            Ids r = walk(a, n, forward);
            held.count(r.size() * sizeof(Id));  // a sequence keeps duplicates: it may explode
            next.insert(next.end(), r.begin(), r.end());
          }
          current.swap(next);
        };
        if (forward)
          for (const Path& a : p.args) step(a);
        else
          for (auto it = p.args.rbegin(); it != p.args.rend(); ++it) step(*it);
        return current;
      }
      case Path::Kind::kAlternative:
        for (const Path& a : p.args) {
          Ids r = walk(a, node, forward);
          out.insert(out.end(), r.begin(), r.end());
        }
        break;
      case Path::Kind::kZeroOrOne: {
        std::unordered_set<Id> seen{node};
        out.push_back(node);
        for (Id n : walk(p.args[0], node, forward))
          if (seen.insert(n).second) out.push_back(n);
        break;
      }
      case Path::Kind::kZeroOrMore:
      case Path::Kind::kOneOrMore: {
        std::unordered_set<Id> seen;
        Ids frontier{node};
        if (p.kind == Path::Kind::kZeroOrMore) {
          seen.insert(node);
          out.push_back(node);
        }
        while (!frontier.empty()) {
          Ids next;
          for (Id n : frontier)
            for (Id m : walk(p.args[0], n, forward))
              if (seen.insert(m).second) {
                held.count(4 * sizeof(Id));  // the set's node, out and next
                out.push_back(m);
                next.push_back(m);
              }
          frontier.swap(next);
        }
        break;
      }
      case Path::Kind::kNegated: {
        std::vector<Id> excluded;
        for (const Term& t : p.iris) excluded.push_back(iri_id(t));
        auto keep = [&](Id pid) {
          return std::find(excluded.begin(), excluded.end(), pid) == excluded.end();
        };
        if (forward)
          scan(node, kUnbound, kUnbound, [&](const FactRow& r) {
            if (keep(r.p)) out.push_back(r.o);
          });
        else
          scan(kUnbound, kUnbound, node, [&](const FactRow& r) {
            if (keep(r.p)) out.push_back(r.s);
          });
        break;
      }
    }
    return out;
  }

  Ids first_nodes(const Path& p, bool forward) {
    Ids out;
    switch (p.kind) {
      case Path::Kind::kLink: {
        Id pid = iri_id(p.iri);
        if (pid == kNoTerm) break;
        scan(kUnbound, pid, kUnbound,
             [&](const FactRow& r) { out.push_back(forward ? r.s : r.o); });
        break;
      }
      case Path::Kind::kInverse:
        return first_nodes(p.args[0], !forward);
      case Path::Kind::kSequence:
        return first_nodes(forward ? p.args.front() : p.args.back(), forward);
      case Path::Kind::kAlternative:
        for (const Path& a : p.args) {
          Ids r = first_nodes(a, forward);
          out.insert(out.end(), r.begin(), r.end());
        }
        break;
      case Path::Kind::kOneOrMore:
        return first_nodes(p.args[0], forward);
      default:  // nullable forms and negated sets: every subject (or object)
        scan(kUnbound, kUnbound, kUnbound,
             [&](const FactRow& r) { out.push_back(forward ? r.s : r.o); });
        break;
    }
    return out;
  }
  static bool nullable(const Path& p) {
    switch (p.kind) {
      case Path::Kind::kZeroOrMore:
      case Path::Kind::kZeroOrOne:
        return true;
      case Path::Kind::kInverse:
        return nullable(p.args[0]);
      case Path::Kind::kSequence:
        return std::all_of(p.args.begin(), p.args.end(), nullable);
      case Path::Kind::kAlternative:
        return std::any_of(p.args.begin(), p.args.end(), nullable);
      default:
        return false;
    }
  }

  // A predicate's links in the current graph, held in memory once a path has sought on it
  // often (a closure from many starts): a seek per node costs far more than a hash look-up.
  // Left alone for predicates with more links than kMaxAdjacency.
  struct Adjacency {
    std::unordered_map<Id, Ids> out, in;
  };
  static constexpr std::uint64_t kSeeksBeforeAdjacency = 64;
  static constexpr std::uint64_t kMaxAdjacency = 4'000'000;
  const Adjacency* adjacency(Id pid) {
    auto key = std::make_pair(graph_id_, pid);
    auto it = adjacency_.find(key);
    if (it != adjacency_.end()) return it->second.get();
    if (++seeks_[key] < kSeeksBeforeAdjacency) return nullptr;
    auto adj = std::make_unique<Adjacency>();
    std::uint64_t links = 0;
    bool too_big = false;
    scan(kUnbound, pid, kUnbound, [&](const FactRow& r) {
      if (too_big) return;
      if (++links > kMaxAdjacency) {
        too_big = true;
        return;
      }
      kept_.count(6 * sizeof(Id));  // a link in each direction, and their share of the maps
      adj->out[r.s].push_back(r.o);
      adj->in[r.o].push_back(r.s);
    });
    if (too_big) adj.reset();  // stays null: seek as before
    return adjacency_.emplace(key, std::move(adj)).first->second.get();
  }

  Ids graph_names() {
    Ids names;
    auto c = ctx_.pool->txn().scan(Pattern{}, ctx_.time, ScanOptions{true, false, true});
    if (!c) throw ExecError{c.status()};
    while (c->valid()) {
      Id g = c->row().g;
      if (g != kDefaultGraph &&
          (graph_.named_all ||
           std::find(graph_.graphs.begin(), graph_.graphs.end(), g) != graph_.graphs.end()))
        names.push_back(g);
      while (c->valid() && c->row().g == g) c->next();
    }
    if (!c->status().is_ok()) throw ExecError{c->status()};
    return names;
  }

  const algebra::Op* op_;
  GraphScope graph_;
  std::vector<Id> seed_;
  std::vector<Id> out_;  // rows of the seed's width
  std::size_t pos_ = 0;
  Ids graphs_;  // the graphs still to walk from next_graph_ on (kUnbound: the default scope)
  std::size_t next_graph_ = 0;
  Id graph_id_ = kUnbound;
  // Both ends free: the start nodes, from starts_ or (a nullable path) every node the
  // cursor reads, each subject then object; started_ keeps each node to one walk.
  bool free_ = false;
  Ids starts_;
  std::size_t next_start_ = 0;
  std::optional<ScopedCursor> start_cursor_;
  int start_side_ = 0;
  std::unordered_set<Id> started_;
  std::size_t started_charged_ = 0;
  // What the run keeps (rows, memo, adjacency, started_), charged to its budget until the
  // operator goes.
  Held kept_{ctx_.budget};
  std::size_t out_charged_ = 0;
  static constexpr std::size_t kMemoBytes = std::size_t{64} << 20;
  Held memo_held_{ctx_.budget};
  // Keyed by graph and node (or predicate); the memo's key adds the direction.
  struct PairHash {
    std::size_t operator()(const std::pair<Id, Id>& k) const {
      return hash_step(hash_step(0, k.first), k.second);
    }
  };
  struct MemoHash {
    std::size_t operator()(const std::tuple<Id, Id, bool>& k) const {
      return hash_step(hash_step(std::get<2>(k), std::get<0>(k)), std::get<1>(k));
    }
  };
  std::unordered_map<std::tuple<Id, Id, bool>, Ids, MemoHash> memo_;
  std::unordered_map<std::pair<Id, Id>, std::unique_ptr<Adjacency>, PairHash> adjacency_;
  std::unordered_map<std::pair<Id, Id>, std::uint64_t, PairHash> seeks_;
  std::unordered_map<std::pair<Id, Id>, bool, PairHash> in_graph_;
  std::array<std::optional<Cursor>, 16> cursors_;  // kept_cursor()'s, by shape
};

}  // namespace

OperatorPtr make_path(RunContext& ctx, const algebra::Op* path, GraphScope graph) {
  return std::make_unique<PathOp>(ctx, path, std::move(graph));
}

}  // namespace annals::query::exec
