// The compaction filter that drops aborted transactions' versions (aborted_filter.hpp).
#include "txn/aborted_filter.hpp"

#include "index/keys.hpp"

namespace annals::store {

std::shared_ptr<const std::vector<TxNumber>> AbortedList::get() const {
  std::lock_guard lock(mu_);
  return list_;
}

void AbortedList::set(std::vector<TxNumber> sorted) {
  auto list = std::make_shared<const std::vector<TxNumber>>(std::move(sorted));
  std::lock_guard lock(mu_);
  list_ = std::move(list);
}

namespace {

class AbortedFilter : public rocksdb::CompactionFilter {
 public:
  AbortedFilter(std::shared_ptr<const std::vector<TxNumber>> aborted, bool with_id)
      : aborted_(std::move(aborted)), with_id_(with_id) {
    vis_.aborted = aborted_.get();
  }

  // A value without a version left goes (RocksDB writes a deletion in its place, so nothing
  // older resurfaces); one that lost some is rewritten. Values that do not decode are kept:
  // `annals check` is the place to report them, not a compaction.
  bool Filter(int, const rocksdb::Slice&, const rocksdb::Slice& existing_value,
              std::string* new_value, bool* value_changed) const override {
    FactValue v;
    if (!decode_fact_value(std::string_view(existing_value.data(), existing_value.size()), with_id_,
                           v)) {
      return false;
    }
    if (!forget_aborted(v.history, vis_)) return false;
    if (v.history.empty()) return true;
    new_value->clear();
    encode_fact_value(v, with_id_, *new_value);
    *value_changed = true;
    return false;
  }
  const char* Name() const override { return "annals.aborted"; }

 private:
  std::shared_ptr<const std::vector<TxNumber>> aborted_;
  bool with_id_;
  Visibility vis_;
};

class AbortedFilterFactory : public rocksdb::CompactionFilterFactory {
 public:
  AbortedFilterFactory(std::shared_ptr<const AbortedList> aborted, bool with_id)
      : aborted_(std::move(aborted)), with_id_(with_id) {}

  std::unique_ptr<rocksdb::CompactionFilter> CreateCompactionFilter(
      const rocksdb::CompactionFilter::Context&) override {
    auto list = aborted_->get();
    if (list->empty()) return nullptr;  // the common case: nothing to drop, no decoding
    return std::make_unique<AbortedFilter>(std::move(list), with_id_);
  }
  const char* Name() const override { return "annals.aborted"; }

 private:
  std::shared_ptr<const AbortedList> aborted_;
  bool with_id_;
};

}  // namespace

std::shared_ptr<rocksdb::CompactionFilterFactory> aborted_filter_factory(
    std::shared_ptr<const AbortedList> aborted, bool with_id) {
  return std::make_shared<AbortedFilterFactory>(std::move(aborted), with_id);
}

}  // namespace annals::store
