// Purge (store.hpp): a transaction that erases every fact of a graph, or of an entity as
// subject or object, from every index, history and all, and commits a log record saying so.
#include <rocksdb/db.h>

#include <algorithm>
#include <array>
#include <memory>

#include "annals/iri.hpp"
#include "txn/write_txn_impl.hpp"

namespace annals {

using namespace annals::store;

namespace {

std::string purge_description(const PurgeSelector& sel, const std::string& reason,
                              const PurgeCounts& c) {
  auto n = [](std::uint64_t v) { return std::to_string(v); };
  return std::string("purge ") +
         (sel.kind == PurgeSelector::Kind::kGraph ? "graph <" : "entity <") + sel.iri.value +
         ">: erased " + n(c.facts) + " facts (" + n(c.versions) + " versions, " +
         n(c.current) + " current) of " + n(c.quads) + " quads; reason: " + reason;
}

}  // namespace

Result<PurgeResult> WriteTxn::Impl::purge(const PurgeSelector& sel, const std::string& reason,
                                          bool dry_run) {
  if (done) return Status::failed("the transaction is already finished");
  if (spiller.spilled() || !spiller.resolver().empty() || !bulk.empty() ||
      interner.has_new_terms() || !prefixes.empty() || union_default) {
    return Status::failed("a purge must be the only write of its transaction");
  }
  if (!sel.iri.is_iri() || sel.iri.is_default_graph()) {
    return Status::invalid_input("a purge needs an IRI to select by");
  }
  if (auto st = check_iri_chars(sel.iri.value); !st) return st;
  if (std::any_of(reason.begin(), reason.end(), [](char c) {
        return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
      })) {
    return Status::invalid_input("a purge reason may not hold a line end or control character");
  }
  PurgeResult out;
  auto view = make_read_txn(store);
  if (!view) return view.status();
  auto id = view->lookup(sel.iri);
  if (!id) return id.status();
  if (*id) {
    const bool graph = sel.kind == PurgeSelector::Kind::kGraph;
    auto st = graph ? erase_prefix(Perm::kGSPO, **id, out.counts, kG)
                    : erase_prefix(Perm::kSPOG, **id, out.counts, kS);
    if (st && !graph) st = erase_prefix(Perm::kOSPG, **id, out.counts, kS);
    if (!st) return st;
  }
  if (dry_run) {
    rollback();
    return out;
  }
  purging = true;
  auto rec = commit(purge_description(sel, reason, out.counts));
  if (!rec) return rec.status();
  out.record = *rec;
  return out;
}

// Erases every fact under one id prefix of an index. Facts whose id at skip_pos is `id` too
// are skipped, unless skip_pos is the index's first position: an entity's facts as object
// (OSPG) skip those that the subject pass (SPOG) erased already.
Status WriteTxn::Impl::erase_prefix(Perm perm, TermId id, PurgeCounts& counts, int skip_pos) {
  const bool skip = kPermOrder[static_cast<std::size_t>(perm)][0] != skip_pos;
  FactResolver& facts = spiller.resolver();
  rocksdb::ReadOptions ro;
  std::unique_ptr<rocksdb::Iterator> it(store->db()->NewIterator(ro, store->cf(quad_cf(perm))));
  const std::string prefix = u64_value(id);
  std::array<TermId, 4> last_quad{};
  bool last_counted = false;
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    FactKey k;
    FactValue v;
    if (!decode_quad_key(perm, {it->key().data(), it->key().size()}, k) ||
        !decode_fact_value({it->value().data(), it->value().size()}, perm == Perm::kSPOG, v)) {
      return Status::corruption(std::string("malformed entry in index ") + perm_name(perm));
    }
    if (skip && k.q[static_cast<std::size_t>(skip_pos)] == id) continue;
    const bool new_quad = !last_counted || k.q != last_quad;
    ++counts.facts;
    counts.versions += v.history.size();
    if (new_quad) ++counts.quads;
    if (facts.erase(k, v, new_quad)) ++counts.current;
    last_quad = k.q;
    last_counted = true;
  }
  return from_rocks(it->status(), "reading an index for a purge");
}

}  // namespace annals
