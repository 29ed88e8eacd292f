// The transaction log's record codec.
#include "txn/log_record.hpp"

#include "index/keys.hpp"

namespace annals::store {

void encode_tx_record(const TxRecord& r, std::string& out) {
  put_u64(out, static_cast<std::uint64_t>(r.timestamp_ms));
  put_varint(out, r.facts_added);
  put_varint(out, r.facts_retracted);
  put_varint(out, r.terms_added);
  out += r.description;
}

bool decode_tx_record(std::string_view key, std::string_view value, TxRecord& r) {
  if (key.size() != 8 || value.size() < 8) return false;
  r.number = get_u64(key.data());
  r.timestamp_ms = static_cast<std::int64_t>(get_u64(value.data()));
  const char* p = value.data() + 8;
  const char* end = value.data() + value.size();
  auto a = get_varint(p, end);
  auto b = get_varint(p, end);
  auto c = get_varint(p, end);
  if (!a || !b || !c) return false;
  r.facts_added = *a;
  r.facts_retracted = *b;
  r.terms_added = *c;
  r.description.assign(p, end);
  return true;
}

}  // namespace annals::store
