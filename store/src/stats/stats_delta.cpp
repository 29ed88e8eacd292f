#include "stats/stats_delta.hpp"

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>

#include "index/keys.hpp"
#include "store_impl.hpp"

namespace annals::store {

StatsDelta::Predicate& StatsDelta::predicate(TermId p) {
  if (p != last_predicate_ || !last_pd_) {
    last_pd_ = &predicates_[p];
    last_predicate_ = p;
  }
  return *last_pd_;
}

std::int64_t& StatsDelta::graph(TermId g) {
  if (g != last_graph_ || !last_gd_) {
    last_gd_ = &graphs_[g];
    last_graph_ = g;
  }
  return *last_gd_;
}

void StatsDelta::asserted(TermId s, TermId p, TermId o, TermId g, bool dated, bool quad_alone) {
  Predicate& pd = predicate(p);
  pd.facts += 1;
  pd.undated += dated ? 0 : 1;
  pd.subjects.add(s);
  pd.objects.add(o);
  graph(g) += 1;
  facts_ += 1;
  if (quad_alone) quads_ += 1;
}

void StatsDelta::retracted(TermId p, TermId g, bool dated, bool quad_alone) {
  Predicate& pd = predicate(p);
  pd.facts -= 1;
  pd.undated -= dated ? 0 : 1;
  graph(g) -= 1;
  facts_ -= 1;
  if (quad_alone) quads_ -= 1;
}

Status StatsDelta::merge(rocksdb::DB& db, rocksdb::ColumnFamilyHandle* stats, TxNumber tx,
                         rocksdb::WriteBatch& b, Counts& counts) const {
  std::string val;
  for (const auto& [p, d] : predicates_) {
    std::string key = predicate_stats_key(p);
    PredicateRecord r;
    auto s = db.Get(rocksdb::ReadOptions(), stats, key, &val);
    if (s.ok()) {
      if (!decode_predicate_record(val, r)) return Status::corruption("malformed predicate statistics");
    } else if (!s.IsNotFound()) {
      return from_rocks(s, "reading statistics");
    }
    bool had = r.facts > 0;
    r.facts += d.facts;
    const bool had_undated = r.undated > 0;
    r.undated += d.undated;
    if (had_undated && r.undated <= 0) r.undated_gone = tx;
    r.subjects.merge(d.subjects);
    r.objects.merge(d.objects);
    bool has = r.facts > 0;
    if (had != has) counts.predicates += has ? 1 : -1;
    val.clear();
    encode_predicate_record(r, val);
    b.Put(stats, key, val);
  }
  for (const auto& [g, d] : graphs_) {
    std::string key = graph_stats_key(g);
    std::int64_t n = 0;
    auto s = db.Get(rocksdb::ReadOptions(), stats, key, &val);
    if (s.ok()) {
      const char* p = val.data();
      auto x = get_varint(p, p + val.size());
      if (!x) return Status::corruption("malformed graph statistics");
      n = static_cast<std::int64_t>(*x);
    } else if (!s.IsNotFound()) {
      return from_rocks(s, "reading statistics");
    }
    bool had = n > 0;
    n += d;
    bool has = n > 0;
    if (had != has && g != kDefaultGraph) counts.graphs += has ? 1 : -1;
    val.clear();
    put_varint(val, static_cast<std::uint64_t>(std::max<std::int64_t>(n, 0)));
    b.Put(stats, key, val);
  }
  counts.facts = static_cast<std::uint64_t>(static_cast<std::int64_t>(counts.facts) + facts_);
  counts.quads = static_cast<std::uint64_t>(static_cast<std::int64_t>(counts.quads) + quads_);
  return Status::ok();
}

}  // namespace annals::store
